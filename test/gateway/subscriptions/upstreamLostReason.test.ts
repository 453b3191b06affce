import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ResumableOperation } from '../../../gateway/subscriptions/createResumableOperation.ts';
import { createUpstream } from '../../../gateway/subscriptions/createUpstream.ts';
import { captureLogger } from '../../support/captureLogger.ts';
import { freePort } from '../../support/freePort.ts';
import { useLeftovers } from '../../support/leftovers.ts';

const operation: ResumableOperation = {
  text: 'subscription { beats { n } }',
  rootField: 'beats',
  resumable: false,
  resumeAfter: () => 'subscription { beats { n } }',
  startsAfter: () => false,
  cursorOf: () => undefined,
};

describe('an upstream subscription to a subgraph that is not there', () => {
  const leftovers = useLeftovers();

  it('logs why it was lost as the failure (ECONNREFUSED), not "[object Object]"', async () => {
    const url = `ws://127.0.0.1:${await freePort()}/graphql`;
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
    leftovers.track({ close: () => client.dispose() });
    const logger = captureLogger('gateway');
    const upstream = createUpstream({
      subgraph: 'beats',
      client,
      operation,
      operationName: undefined,
      variables: {},
      backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      logger,
      onEvent: () => undefined,
      onErrors: () => undefined,
      onComplete: () => undefined,
    });
    leftovers.track({ close: () => upstream.close() });
    const line = await logger.waitForLine('upstream subscription lost');
    expect(line).toContain('reason=ECONNREFUSED');
    expect(line).not.toContain('[object Object]');
  });
});
