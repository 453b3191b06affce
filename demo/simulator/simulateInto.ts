import type { Logger } from '../../logger/index.ts';
import type { EventLog, NewRecord } from '../../eventlog/index.ts';
import { startTicker, type Ticker } from './startTicker.ts';

export interface SimulateIntoOptions<T> {
  log: EventLog;
  logger: Logger;
  topic: string;
  /** Facts per second; 0 simulates nothing. */
  ratePerSecond: number;
  /** Makes the next fact. */
  make: () => T;
  toRecord: (fact: T) => NewRecord;
  /** The simulated system, for log lines, e.g. `the player apps`. */
  source: string;
}

/**
 * Appends simulated facts to a topic at a steady rate, as an operational
 * system would, and says so in the log. Undefined when the rate is 0; a
 * failed append is logged and tried again on the next tick.
 */
export function simulateInto<T>(options: SimulateIntoOptions<T>): Ticker | undefined {
  const { log, logger, topic, ratePerSecond, make, toRecord, source } = options;
  if (ratePerSecond <= 0) return undefined;
  logger.info(`simulating ${source}`, { topic, perSecond: ratePerSecond });
  return startTicker(
    ratePerSecond,
    async (count) => {
      await log.append(topic, Array.from({ length: count }, make).map(toRecord));
    },
    (error) => logger.warn(`facts simulated for ${source} could not be appended; retrying on the next tick`, { err: error }),
  );
}
