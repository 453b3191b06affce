import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subscribeToTopic, topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempLog } from '../support/tempLog.ts';

const TOPIC = 'test.counts.v1';

describe('a subscription cursor past the end of its topic', () => {
  const leftovers = useLeftovers();

  it('is answered with a BAD_USER_INPUT error saying where the topic ends, instead of being moved back', async () => {
    const { log } = leftovers.track(await createTempLog());
    await log.createTopic({ name: TOPIC });
    await log.append(TOPIC, ['1', '2', '3'].map((value) => ({ key: 'k', value })));
    const subscribing = subscribeToTopic({ log, topic: TOPIC, decode: (record) => Number(record.value), toPayload: (n) => n, after: topicCursor(TOPIC, { 0: 50 }), logger: captureLogger('stream') });
    await expect(subscribing).rejects.toBeInstanceOf(GraphQLError);
    await expect(subscribing).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/past the end of "test\.counts\.v1": partition 0 ends at offset 3, but the cursor is at 50/),
    });
  });
});
