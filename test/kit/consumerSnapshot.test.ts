import { expect, it } from 'vitest';
import { createTopicConsumer } from '../../subgraphs/kit/createTopicConsumer.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempLog } from '../support/tempLog.ts';

const leftovers = useLeftovers();
const TOPIC = 'tests.counts.v1';

it('a checkpoint taken while a batch awaits its publish waits for it: the state and the offsets it saves match', async () => {
  const { log } = leftovers.track(await createTempLog());
  await log.createTopic({ name: TOPIC, partitions: 1 });
  await log.append(TOPIC, ['1', '2', '3'].map((value) => ({ key: 'k', value })));

  // A product that counts, then publishes a change (an append that takes a while) before the batch is done.
  let counted = 0;
  let applying!: () => void;
  const inApply = new Promise<void>((resolve) => (applying = resolve));
  let publish!: () => void;
  const published = new Promise<void>((resolve) => (publish = resolve));
  const consumer = await createTopicConsumer({
    log,
    consumer: { domain: 'tests', product: 'totals' },
    topic: TOPIC,
    decode: (record) => Number(record.value.toString()),
    apply: async (events) => {
      counted += events.length;
      applying();
      await published;
    },
    occurredAt: () => new Date(0).toISOString(),
    from: { kind: 'earliest' },
    logger: captureLogger('consumer'),
  });
  leftovers.track(consumer.reader);

  await inApply;
  expect(counted).toBe(3);
  const checkpoint = consumer.snapshot(() => counted);
  publish();
  // Taken mid-batch, it would say 3 counted at offset 0: a restart would count the batch again.
  expect(await checkpoint).toEqual({ positions: { 0: 3 }, state: 3 });
});
