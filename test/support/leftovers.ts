import { afterAll, afterEach } from 'vitest';

/** Something a test started and must stop. */
export interface Closable {
  close(): Promise<void> | void;
}

/**
 * Tracks what tests start and closes it after each test (`scope: 'test'`) or
 * after the file (`scope: 'file'`), even when a test fails.
 */
export function useLeftovers(scope: 'test' | 'file' = 'test') {
  const open = new Set<Closable>();
  (scope === 'test' ? afterEach : afterAll)(async () => {
    const closing = [...open].reverse();
    open.clear();
    for (const resource of closing) await resource.close();
  });
  return {
    track<T extends Closable>(resource: T): T {
      open.add(resource);
      return resource;
    },
    forget(resource: Closable): void {
      open.delete(resource);
    },
  };
}
