import type { Logger } from '../logger/index.ts';
import { createEmbeddedLog } from './embedded/index.ts';
import type { EventLog } from './EventLog.ts';
import { createKafkaLog } from './kafka/index.ts';

/** Which event log to open. */
export type EventLogChoice = { kind: 'embedded'; dataDir: string } | { kind: 'kafka'; brokers: readonly string[] };

/** Opens the embedded log or connects to Kafka. */
export async function openEventLog(choice: EventLogChoice, logger: Logger): Promise<EventLog> {
  switch (choice.kind) {
    case 'embedded':
      return createEmbeddedLog({ dataDir: choice.dataDir, logger });
    case 'kafka':
      return createKafkaLog({ brokers: choice.brokers, logger });
    default: {
      const unreachable: never = choice;
      throw new Error(`Unknown event log ${JSON.stringify(unreachable)}`);
    }
  }
}
