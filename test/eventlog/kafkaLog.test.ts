import { describe, expect, it } from 'vitest';
import { createKafkaLog } from '../../eventlog/kafka/index.ts';
import type { LogRecord } from '../../eventlog/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { startKafkaTestBroker } from '../support/kafkaBroker/index.ts';
import { useLeftovers } from '../support/leftovers.ts';

describe('the Kafka event log', () => {
  const leftovers = useLeftovers();

  it('rides out lost connections: appends and live readers carry on, and the loss is logged, not thrown', async () => {
    const broker = leftovers.track(await startKafkaTestBroker({ autoCreateTopics: false }));
    const logger = captureLogger('kafka');
    const log = leftovers.track(await createKafkaLog({ brokers: [broker.address], logger }));
    await log.createTopic({ name: 'podcasts.episode-plays.v1', partitions: 3 });
    const received: LogRecord[] = [];
    let arrived: (() => void) | undefined;
    const reader = await log.read({
      topic: 'podcasts.episode-plays.v1',
      onBatch: (batch) => {
        received.push(...batch);
        arrived?.();
      },
    });
    await reader.caughtUp;

    for (let round = 1; round <= 3; round++) {
      broker.dropConnections();
      const delivered = new Promise<void>((resolve) => (arrived = () => received.length >= round && resolve()));
      await log.append('podcasts.episode-plays.v1', [{ key: `l-${round}`, value: `after drop ${round}` }]);
      await delivered;
    }
    expect(received.map((r) => r.value.toString())).toEqual(['after drop 1', 'after drop 2', 'after drop 3']);
    expect(logger.lines.some((line) => / warn .*kafka: /.test(line))).toBe(true);
    await reader.close();
    await expect(reader.done).resolves.toBeUndefined();
  });

  it('names the topic when asked to append to one that does not exist', async () => {
    const broker = leftovers.track(await startKafkaTestBroker({ autoCreateTopics: false }));
    const log = leftovers.track(await createKafkaLog({ brokers: [broker.address], logger: captureLogger('kafka') }));
    await expect(log.append('nowhere.nothing.v1', [{ key: null, value: 'x' }])).rejects.toThrow('Topic "nowhere.nothing.v1" does not exist in Kafka; create it first.');
  });
});
