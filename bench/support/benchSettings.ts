/** A positive integer (or list of them) from the environment, or a start-up error naming the variable. */
export function readCounts(name: string, fallback: string): number[] {
  const raw = process.env[name]?.trim() || fallback;
  const counts = raw.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`${name} must be a positive integer or a comma-separated list of them, e.g. "${fallback}"; got "${raw}".`);
  }
  return counts;
}

/** One positive integer from the environment, or a start-up error naming the variable. */
export function readCount(name: string, fallback: number): number {
  const counts = readCounts(name, String(fallback));
  if (counts.length !== 1) throw new Error(`${name} must be one positive integer, e.g. "${fallback}"; got "${process.env[name]}".`);
  return counts[0]!;
}

/** Names from a comma list in the environment, each one of `known`, or a start-up error. */
export function readNames<T extends string>(name: string, known: readonly T[], fallback: readonly T[] = known): T[] {
  const names = (process.env[name]?.trim() || fallback.join(',')).split(',').map((part) => part.trim());
  const unknown = names.find((n) => !(known as readonly string[]).includes(n));
  if (unknown !== undefined) throw new Error(`${name} names "${unknown}"; the choices are ${known.join(', ')}.`);
  return names as T[];
}

/** A progress line on stderr, so stdout holds only the figures. */
export const progress = (line: string): void => void process.stderr.write(`  … ${line}\n`);

/** ours ÷ theirs with two significant digits at least (0.0037x, 0.71x, 16.4x); a dash when it has no value. */
export function ratio(ours: number, theirs: number): string {
  const r = ours / theirs;
  if (!Number.isFinite(r)) return '—';
  if (r === 0) return '0x';
  return `${r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}x`;
}

/** Resolves true if `promise` settles within `ms` (rejections propagate), false otherwise. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Processes a benchmark started, stopped again when it is interrupted
 * (SIGINT, SIGTERM) so that nothing is left running.
 */
export function createProcessTracker() {
  const running = new Set<{ stop(): Promise<void> }>();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`${signal}: stopping the processes started`);
      void Promise.allSettled([...running].map((s) => s.stop())).then(() => process.exit(130));
    });
  }
  return {
    track<T extends { stop(): Promise<void> }>(service: T): T {
      running.add(service);
      return service;
    },
    async stop(service: { stop(): Promise<void> }): Promise<void> {
      running.delete(service);
      await service.stop();
    },
  };
}
