import { describe, expect, it } from 'vitest';
import { topicCursor, subscribeToTopic } from '../../subgraphs/kit/subscribeToTopic.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempLog } from '../support/tempLog.ts';

const TOPIC = 'test.counts.v1';

describe('a stream subscription far behind the log', () => {
  const leftovers = useLeftovers();

  it('reads ahead at most maxBuffered events and then waits for the subscriber: it gets every event, in order, and is never cut off', async () => {
    const { log } = leftovers.track(await createTempLog());
    await log.createTopic({ name: TOPIC, partitions: 1 });
    await log.append(TOPIC, Array.from({ length: 200 }, (_, i) => ({ key: 'k', value: String(i) })));

    // The whole backlog is in the log before the subscriber reads anything, ten times more than it may buffer.
    const events = await subscribeToTopic({
      log,
      topic: TOPIC,
      decode: (record) => Number(record.value),
      toPayload: (n) => n,
      after: topicCursor(TOPIC, { 0: 0 }),
      maxBuffered: 20,
      logger: captureLogger('stream'),
    });
    leftovers.track({ close: async () => void (await events.return?.()) });
    const received: number[] = [];
    while (received.length < 200) received.push((await events.next()).value as number);
    expect(received).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});
