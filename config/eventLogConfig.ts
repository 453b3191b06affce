import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { ConfigError } from './ConfigError.ts';
import type { Env } from './env.ts';
import { readKafkaSecurityConfig, type KafkaSecurityConfig } from './kafkaSecurityConfig.ts';

/** Which event log to use. */
export type EventLogConfig = { kind: 'embedded'; dataDir: string } | ({ kind: 'kafka'; brokers: string[] } & KafkaSecurityConfig);

/** `.data/` in the project: the embedded log's default home, ignored by git. */
// From config/ in the sources, from dist/config/ once compiled: the project's folder either way.
export const DEFAULT_DATA_DIR = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../.data' : '../.data', import.meta.url));

/**
 * `KAFKA_BROKERS` (comma list of host:port) selects Kafka, with the
 * security settings of `readKafkaSecurityConfig` (SASL, TLS); otherwise the
 * embedded log keeps its files under `MESHGRAPH_DATA_DIR`.
 */
export function readEventLogConfig(env: Env): EventLogConfig {
  const brokers = env['KAFKA_BROKERS']?.trim();
  if (brokers) {
    const list = brokers.split(',').map((b) => b.trim());
    const bad = list.find((b) => !/^[^\s:]+:\d{1,5}$/.test(b));
    if (bad !== undefined) throw new ConfigError(`KAFKA_BROKERS must be a comma list of host:port, like "localhost:9094", but has "${bad}".`);
    return { kind: 'kafka', brokers: list, ...readKafkaSecurityConfig(env) };
  }
  const dataDir = env['MESHGRAPH_DATA_DIR']?.trim();
  return { kind: 'embedded', dataDir: dataDir ? resolve(dataDir) : DEFAULT_DATA_DIR };
}
