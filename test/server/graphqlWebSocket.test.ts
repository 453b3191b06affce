import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { closeServer, createHttpServer, listen } from '../../server/createHttpServer.ts';
import { attachGraphQLWebSocket, type WebSocketConnection } from '../../server/graphqlWebSocket.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { subscribe } from '../support/subscriber.ts';

const schema = buildSchema('type Query { ok: Boolean } type Subscription { ticks: Int }');

describe('the graphql-transport-ws adapter', () => {
  const leftovers = useLeftovers();

  it('frames results an engine serialized itself as `next` messages of their operation, then `complete`', async () => {
    const logger = captureLogger('ws');
    const server = createHttpServer({ routes: [], logger });
    const webSocket = attachGraphQLWebSocket<{ connection: WebSocketConnection; operationId: string }>({
      server,
      schema,
      logger,
      context: (connection, operationId) => ({ connection, operationId }),
      // As the gateway's engine does: results go to the writer, the iterator only says when it ends.
      subscribe: ({ contextValue }) => {
        const { connection, operationId } = contextValue as { connection: WebSocketConnection; operationId: string };
        const write = connection.resultWriter(operationId);
        return (async function* () {
          for (const ticks of [1, 2]) await new Promise<void>((written) => write(JSON.stringify({ data: { ticks } }), written));
        })();
      },
    });
    const port = await listen(server, 0, '127.0.0.1');
    leftovers.track({ close: () => closeServer(server) });
    leftovers.track(webSocket);

    const subscriber = leftovers.track(subscribe<{ ticks: number }>(`http://127.0.0.1:${port}/graphql`, 'subscription { ticks }'));
    expect(await subscriber.next()).toEqual({ data: { ticks: 1 } });
    expect(await subscriber.next()).toEqual({ data: { ticks: 2 } });
    expect(await subscriber.ended).toBe('complete');
  });
});
