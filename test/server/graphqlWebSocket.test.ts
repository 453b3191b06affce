import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { buildSchema } from 'graphql';
import { createClient, type CloseCode } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
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

  it('closes a client that answers with 1001 and its closing handshake, and does not wait for a socket that never answers', { timeout: 10_000 }, async () => {
    const logger = captureLogger('ws');
    const server = createHttpServer({ routes: [], logger });
    const webSocket = attachGraphQLWebSocket({ server, schema, logger, context: () => ({}) });
    const port = await listen(server, 0, '127.0.0.1');
    leftovers.track({ close: () => closeServer(server) });
    leftovers.track(webSocket);

    let closedWith!: (code: number) => void;
    const clientClosed = new Promise<number>((resolve) => (closedWith = resolve));
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      // The close is what this test waits for, through `on.closed`; not an error to print.
      onNonLazyError: () => {},
      on: { closed: (event) => closedWith((event as { code: CloseCode }).code) },
    });
    leftovers.track({ close: () => client.dispose() });
    await new Promise<void>((connected) => client.on('connected', () => connected()));
    leftovers.track(await upgradeThenGoSilent(port));
    expect(webSocket.connections()).toBe(2);

    const started = performance.now();
    await webSocket.close();
    await closeServer(server);
    // Not a speed target: `ws` gives a silent peer 30 s to answer the close before it destroys the socket; closing must not wait for that.
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await clientClosed).toBe(1001);
  });
});

/** A raw TCP socket that completes the WebSocket upgrade on `/graphql` and then neither reads nor answers anything (a frozen or vanished peer). */
async function upgradeThenGoSilent(port: number): Promise<Socket & { close(): void }> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    [
      'GET /graphql HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Protocol: graphql-transport-ws',
      '',
      '',
    ].join('\r\n'),
  );
  const response = await new Promise<string>((resolve) => socket.once('data', (data) => resolve(data.toString('latin1'))));
  expect(response).toMatch(/^HTTP\/1\.1 101 /);
  socket.pause();
  return Object.assign(socket, { close: () => void socket.destroy() });
}
