import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { createKafkaLog } from '../../eventlog/kafka/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { startKafkaTestBroker } from '../support/kafkaBroker/index.ts';
import { describeEventLogConformance } from './eventLogConformance.ts';

describeEventLogConformance('embedded', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-conformance-'));
  const log = await createEmbeddedLog({ dataDir, logger: captureLogger('log') });
  return {
    log,
    async close() {
      await log.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

describeEventLogConformance('kafkajs over TCP to the Kafka-protocol test broker', async () => {
  const broker = await startKafkaTestBroker({ autoCreateTopics: false });
  const log = await createKafkaLog({ brokers: [broker.address], logger: captureLogger('kafka') });
  return {
    log,
    async close() {
      await log.close();
      await broker.close();
    },
  };
});

// Against a real Kafka, e.g. `docker compose up kafka` and KAFKA_BROKERS=localhost:9094.
const brokers = process.env['KAFKA_BROKERS']?.split(',').map((b) => b.trim());
if (brokers?.length) {
  describeEventLogConformance(`kafkajs against KAFKA_BROKERS (${brokers.join(', ')})`, async () => {
    const log = await createKafkaLog({ brokers, logger: captureLogger('kafka') });
    return { log, close: () => log.close() };
  });
}
