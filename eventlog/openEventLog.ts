import type { Logger } from '../logger/index.ts';
import { createEmbeddedLog } from './embedded/index.ts';
import type { EventLog } from './EventLog.ts';
import { createKafkaLog, type KafkaSasl, type KafkaTls } from './kafka/index.ts';

/** Which event log to open. */
export type EventLogChoice = { kind: 'embedded'; dataDir: string } | { kind: 'kafka'; brokers: readonly string[]; sasl?: KafkaSasl; ssl?: boolean | KafkaTls };

/** Who opens the log. */
export interface OpenEventLogOptions {
  /**
   * The domain that appends through the log: on the embedded log, it owns the
   * topics it creates and may append to no other domain's topic (on Kafka,
   * the broker's ACLs for its user do this).
   * @default none: a tool's log
   */
  principal?: string;
}

/** Opens the embedded log or connects to Kafka. */
export async function openEventLog(choice: EventLogChoice, logger: Logger, options: OpenEventLogOptions = {}): Promise<EventLog> {
  const { principal } = options;
  switch (choice.kind) {
    case 'embedded':
      return createEmbeddedLog({ dataDir: choice.dataDir, logger, ...(principal !== undefined ? { principal } : {}) });
    case 'kafka':
      return createKafkaLog({ brokers: choice.brokers, logger, ...(choice.sasl ? { sasl: choice.sasl } : {}), ...(choice.ssl ? { ssl: choice.ssl } : {}) });
    default: {
      const unreachable: never = choice;
      throw new Error(`Unknown event log ${JSON.stringify(unreachable)}`);
    }
  }
}
