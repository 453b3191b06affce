import type { EventLog, LogRecord, ReadOptions, Reader } from '../../eventlog/index.ts';

/** A reader that keeps what it receives, so a test can wait for a count. */
export interface CollectedRecords {
  reader: Reader;
  /** Every record received so far, in the order the batches came. */
  records: LogRecord[];
  /** Resolves with `records` once `count` records have arrived in total. */
  waitFor(count: number): Promise<LogRecord[]>;
}

/** Reads `options.topic` into a list; `options.onBatch`, if given, sees each batch first. */
export async function collectRecords(
  log: EventLog,
  options: Omit<ReadOptions, 'onBatch'> & { onBatch?: ReadOptions['onBatch'] },
): Promise<CollectedRecords> {
  const records: LogRecord[] = [];
  const waiters = new Set<{ count: number; resolve: (records: LogRecord[]) => void }>();
  const reader = await log.read({
    ...options,
    onBatch: async (batch) => {
      await options.onBatch?.(batch);
      records.push(...batch);
      for (const waiter of waiters) {
        if (records.length >= waiter.count) {
          waiters.delete(waiter);
          waiter.resolve(records);
        }
      }
    },
  });
  return {
    reader,
    records,
    waitFor: (count) => (records.length >= count ? Promise.resolve(records) : new Promise((resolve) => waiters.add({ count, resolve }))),
  };
}
