import { resolve } from 'node:path';
import type { Logger } from '../../logger/index.ts';
import { AppendLock, TopicLockedError } from './AppendLock.ts';
import { PartitionLog } from './PartitionLog.ts';
import { TopicStore } from './TopicStore.ts';

/** What `repairDataDir` did to one topic, or why it did not. */
export type TopicRepair =
  | {
      topic: string;
      status: 'repaired';
      /** Files under the topic's `damaged/` folder holding the bytes moved out of segments. */
      moved: Array<{ file: string; bytes: number; firstOffset: number; endOffset: number }>;
    }
  | { topic: string; status: 'refused'; reason: string };

/**
 * Mends the embedded log under `dataDir`, topic by topic, each only while no
 * process holds its append lock (a topic whose lock is held is refused, with
 * who holds it): moves damaged bytes aside into `topics/<topic>/damaged/`
 * (never deleting them; the offsets they held stay used), cuts torn tails,
 * moves partition files from before segments into place, and writes every
 * index again. What `meshgraph log repair` does.
 */
export async function repairDataDir(dataDir: string, logger: Logger): Promise<TopicRepair[]> {
  const store = new TopicStore(resolve(dataDir));
  const repairs: TopicRepair[] = [];
  for (const topic of (await store.list()).sort()) {
    let lock: AppendLock;
    try {
      lock = await AppendLock.acquire({ path: store.lockPath(topic), topic, logger });
    } catch (error) {
      if (!(error instanceof TopicLockedError)) throw error;
      repairs.push({ topic, status: 'refused', reason: `${error.message}; stop that process, then repair` });
      continue;
    }
    try {
      const meta = (await store.readMeta(topic))!;
      const moved: Array<{ file: string; bytes: number; firstOffset: number; endOffset: number }> = [];
      for (let partition = 0; partition < meta.partitions; partition++) {
        const log = await PartitionLog.open({ store, topic, partition, logger, verify: true });
        try {
          await log.takeOver();
          moved.push(...(await log.repair(store.damagedDir(topic))));
        } finally {
          await log.close();
        }
      }
      repairs.push({ topic, status: 'repaired', moved });
    } finally {
      await lock.release();
    }
  }
  return repairs;
}
