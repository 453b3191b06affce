import { resolve } from 'node:path';
import { createLogger, type Logger } from '../../logger/index.ts';
import type { DamagedRange } from './DamagedRange.ts';
import { PartitionLog } from './PartitionLog.ts';
import { TopicStore } from './TopicStore.ts';

/** What `checkDataDir` found in one partition. */
export interface PartitionReport {
  topic: string;
  partition: number;
  segments: number;
  /** Readable records. */
  records: number;
  bytes: number;
  earliestOffset: number;
  endOffset: number;
  /** Bytes holding no readable record, with valid records after them. */
  damage: DamagedRange[];
  /** Bytes after the last valid frame of the last segment: a torn write, or one in progress by the appending process. */
  tail?: { bytes: number; reason: string };
  /** Index files that are missing, unreadable or wrong (an optimisation only: rebuilt from their segments). */
  indexProblems: Array<{ file: string; problem: string }>;
}

/** What `checkDataDir` found. */
export interface DataDirReport {
  dataDir: string;
  topics: string[];
  partitions: PartitionReport[];
}

/**
 * Reads every frame of every segment of every topic under `dataDir` and
 * compares each index file with its segment, writing nothing: what
 * `meshgraph log verify` reports.
 */
export async function checkDataDir(dataDir: string, logger: Logger = createLogger({ component: 'log', level: 'silent' })): Promise<DataDirReport> {
  const store = new TopicStore(resolve(dataDir));
  const topics = await store.list().catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new Error(`no embedded log at ${store.dataDir}: it has no topics/ folder`);
    throw error;
  });
  const partitions: PartitionReport[] = [];
  for (const topic of topics.sort()) {
    const meta = (await store.readMeta(topic))!;
    for (let partition = 0; partition < meta.partitions; partition++) {
      const log = await PartitionLog.open({ store, topic, partition, logger, verify: true });
      try {
        const { segments, records, bytes } = log.figures;
        const tail = log.tail;
        partitions.push({
          topic,
          partition,
          segments,
          records,
          bytes,
          earliestOffset: log.earliestOffset,
          endOffset: log.endOffset,
          damage: log.damage(),
          ...(tail ? { tail } : {}),
          indexProblems: log.indexProblems(),
        });
      } finally {
        await log.close();
      }
    }
  }
  return { dataDir: store.dataDir, topics, partitions };
}
