import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../storage/durableFiles.ts';
import { readFileIfExists } from '../../storage/readFileIfExists.ts';
import type { TopicStore } from './TopicStore.ts';

/**
 * Consumer groups' committed offsets: one small JSON file per group and
 * topic, replaced atomically on every commit. Commits of one file are
 * serialised within the process; one process per group is supported, so
 * nothing guards against two processes committing the same group.
 */
export class GroupOffsets {
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly store: TopicStore) {}

  /** The group's committed offsets per partition; partitions it never committed are absent. */
  async committed(groupId: string, topic: string): Promise<Record<number, number>> {
    const path = this.path(groupId, topic);
    try {
      const text = await readFileIfExists(path);
      if (text === undefined) return {};
      const saved = JSON.parse(text) as { offsets?: Record<string, number> };
      return Object.fromEntries(Object.entries(saved.offsets ?? {}).map(([partition, offset]) => [Number(partition), offset]));
    } catch (error) {
      throw new Error(`could not read the committed offsets of group "${groupId}" (${path}): ${(error as Error).message}`);
    }
  }

  /** Merges `offsets` into the group's committed offsets; resolves once they are on disk. */
  commit(groupId: string, topic: string, offsets: Readonly<Record<number, number>>): Promise<void> {
    const path = this.path(groupId, topic);
    const previous = this.writing.get(path) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const merged = { ...(await this.committed(groupId, topic)), ...offsets };
        await mkdir(this.store.groupsDir(topic), { recursive: true });
        await writeFileAtomic(path, JSON.stringify({ groupId, topic, offsets: merged }) + '\n', { replace: true, mode: 0o600 });
      });
    this.writing.set(path, next);
    void next.finally(() => this.writing.get(path) === next && this.writing.delete(path)).catch(() => undefined);
    return next;
  }

  private path(groupId: string, topic: string): string {
    if (typeof groupId !== 'string' || groupId.length === 0) throw new Error(`invalid consumer group id ${JSON.stringify(groupId)}`);
    // Any group id becomes a safe file name: percent-encoded, dots too (so never "." or ".."), hashed when long.
    let file = encodeURIComponent(groupId).replace(/[.*!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    if (file.length > 120) file = `${file.slice(0, 80)}~${createHash('sha256').update(groupId).digest('hex').slice(0, 32)}`;
    return join(this.store.groupsDir(topic), `${file}.json`);
  }
}
