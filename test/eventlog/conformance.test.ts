import { readEventLogConfig } from '../../config/index.ts';
import { createKafkaLog } from '../../eventlog/kafka/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { startKafkaTestBroker } from '../support/kafkaBroker/index.ts';
import { createTempLog } from '../support/tempLog.ts';
import { describeEventLogConformance } from './eventLogConformance.ts';

describeEventLogConformance('embedded', () => createTempLog());

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

// Against a real Kafka, e.g. `docker compose up kafka` and KAFKA_BROKERS=localhost:9094 with its
// KAFKA_SASL_* settings (the README says which), read as every service reads them.
const config = readEventLogConfig(process.env);
if (config.kind === 'kafka') {
  const { brokers, sasl, ssl } = config;
  describeEventLogConformance(`kafkajs against KAFKA_BROKERS (${brokers.join(', ')})`, async () => {
    const log = await createKafkaLog({ brokers, logger: captureLogger('kafka'), ...(sasl ? { sasl } : {}), ...(ssl ? { ssl } : {}) });
    return { log, close: () => log.close() };
  });
}
