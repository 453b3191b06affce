import { DEFAULT_USAGE_WINDOW_DAYS } from '../checks/breakingChanges.ts';
import type { FieldUsageLog } from './createFieldUsageLog.ts';
import type { FieldUsageRecorder } from './createFieldUsageRecorder.ts';
import type { FieldUse } from './FieldUse.ts';

export interface UsageReaderOptions {
  /** Every replica's recorded use, read back from the usage topic. */
  log: FieldUsageLog;
  /** This replica's recorder, flushed before each read so that what it counted since its last flush counts too. @default none */
  recorder?: FieldUsageRecorder;
  /** Days back in which a use counts. @default 30 */
  windowDays?: number;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** The use a breaking change is weighed against, as of now. */
export interface UsageReader {
  /** Days back in which a use counts. */
  readonly windowDays: number;
  /** Every replica's use in the window, per consumer and coordinate, up to the moment of the call: this replica's recorder flushed, the usage topic read to its end. */
  usage(): Promise<FieldUse[]>;
}

/**
 * What the registry weighs publications against and its usage route
 * answers: the usage log's totals in the window, read after this replica's
 * recorder appended what it counted and the log caught up with every
 * replica's appends, so a use made just before a check is not missed.
 */
export function createUsageReader({ log, recorder, windowDays = DEFAULT_USAGE_WINDOW_DAYS, now = Date.now }: UsageReaderOptions): UsageReader {
  if (!(Number.isFinite(windowDays) && windowDays > 0)) throw new RangeError(`createUsageReader: "windowDays" must be a number of days above 0, but is ${windowDays}.`);
  return {
    windowDays,
    async usage() {
      await recorder?.flush();
      await log.sync();
      return log.usage(new Date(now() - windowDays * 86_400_000).toISOString());
    },
  };
}
