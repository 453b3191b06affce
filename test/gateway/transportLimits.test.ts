import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGateway, type GatewayOptions } from '../../gateway/index.ts';
import { createSubgraphServer, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';

/** A one-field domain: what the transport is about does not need the demo mesh. */
const echo: DomainDefinition = {
  name: 'echo',
  description: 'Says back what it is told.',
  team: { name: 'Echo', email: 'echo@example.com' },
  schema: { source: 'test/gateway/echo.graphql', sdl: 'type Query { echo(text: String!): String! }' },
  resolvers: { Query: { echo: (_: unknown, { text }: { text: string }) => text } },
  dataProducts: [],
};

/** How a WebSocket to the gateway ended: refused at the upgrade (an HTTP status and body), or closed (a close code and reason). */
type Outcome = { refused: number; body: string } | { closed: number; reason: string };

describe('the gateway transport', () => {
  const leftovers = useLeftovers();

  async function startGateway(options: Partial<GatewayOptions> = {}) {
    const subgraph = leftovers.track(await createSubgraphServer({ domain: echo, logger: captureLogger('echo') }));
    const logger = captureLogger('gateway');
    const gateway = leftovers.track(await createGateway({ subgraphs: [{ name: 'echo', url: subgraph.url }], logger, ...options }));
    await gateway.ready;
    return { gateway, logger, wsUrl: gateway.url.replace(/^http/, 'ws') };
  }

  /** Opens a graphql-transport-ws socket; `opened` settles once the upgrade succeeded, `outcome` once it was refused or closed. */
  function open(url: string, headers: Record<string, string> = {}) {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    leftovers.track({ close: () => socket.terminate() });
    const opened = new Promise<void>((resolve) => socket.once('open', resolve));
    const outcome = new Promise<Outcome>((resolve) => {
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ refused: response.statusCode ?? 0, body }));
      });
      socket.once('close', (code, reason) => resolve({ closed: code, reason: reason.toString() }));
    });
    socket.on('error', () => {});
    return { socket, opened, outcome };
  }

  /** A client that connected and was acknowledged, as graphql-ws clients are before they subscribe. */
  async function initialised(url: string) {
    const client = open(url);
    await client.opened;
    const acknowledged = new Promise<void>((resolve) => client.socket.once('message', () => resolve()));
    client.socket.send(JSON.stringify({ type: 'connection_init' }));
    await acknowledged;
    return client;
  }

  it('a WebSocket message larger than the limit closes that socket with 1009, and others go on', async () => {
    const { wsUrl } = await startGateway({ maxBodyBytes: 2_048 });
    const other = await initialised(wsUrl);
    const sender = await initialised(wsUrl);
    sender.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ echo(text: "${'x'.repeat(4_096)}") }` } }));
    expect(await sender.outcome).toMatchObject({ closed: 1009 });

    const answered = new Promise<string>((resolve) => other.socket.on('message', (data) => resolve(data.toString())));
    other.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ echo(text: "still here") }' } }));
    expect(JSON.parse(await answered)).toMatchObject({ id: '1', type: 'next', payload: { data: { echo: 'still here' } } });
  });

  it('by default the largest message is 1 MiB, not the 100 MiB of the WebSocket library', async () => {
    const { wsUrl } = await startGateway();
    const sender = await initialised(wsUrl);
    sender.socket.send(Buffer.alloc(1_048_577, 'x'));
    expect(await sender.outcome).toMatchObject({ closed: 1009 });
  });

  it("a browser page of another origin is refused with 403; the gateway's own pages, allowed origins and non-browser clients connect", async () => {
    const { gateway, logger, wsUrl } = await startGateway({ webSocket: { allowedOrigins: ['https://charts.example.com'] } });
    const foreign = open(wsUrl, { origin: 'https://evil.example.net' });
    const refusal = await foreign.outcome;
    expect(refusal).toMatchObject({ refused: 403 });
    expect((refusal as { body: string }).body).toContain('Origin "https://evil.example.net" may not open a WebSocket here');
    await logger.waitForLine('WebSocket upgrade refused');

    const own = new URL(gateway.url).origin;
    for (const headers of [{ origin: own }, { origin: 'https://charts.example.com' }, {}] as Record<string, string>[]) {
      await open(wsUrl, headers).opened;
    }
  });

  it('past the cap on connections, an upgrade is refused with 503 and Retry-After', async () => {
    const { wsUrl } = await startGateway({ webSocket: { maxConnections: 2 } });
    await open(wsUrl).opened;
    const second = open(wsUrl);
    await second.opened;
    expect(await open(wsUrl).outcome).toMatchObject({ refused: 503 });

    // A connection that ends makes room for another.
    second.socket.close();
    await second.outcome;
    await open(wsUrl).opened;
  });

  it('a client that never sends connection_init is closed with 4408; one that holds a socket without operations is closed as idle', async () => {
    const { wsUrl } = await startGateway({ webSocket: { connectionInitWaitMs: 50, idleTimeoutMs: 100 } });
    const silent = open(wsUrl);
    expect(await silent.outcome).toMatchObject({ closed: 4408 });

    const idle = await initialised(wsUrl);
    expect(await idle.outcome).toMatchObject({ closed: 1000, reason: expect.stringContaining('Idle') });
  });

  /** Writes `head` on a raw connection and resolves with everything the server sends until it closes the connection. */
  function sendSlowly(url: string, head: string): Promise<string> {
    const { port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
      leftovers.track({ close: () => void socket.destroy() });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.once('close', () => resolve(answer));
      socket.once('error', reject);
    });
  }

  it('a request whose body comes too slowly gets 408 and its connection closed; so do headers that never end', async () => {
    const { gateway, logger } = await startGateway({ requestReadTimeoutMs: 200 });
    const slowBody = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":`;
    expect(await sendSlowly(gateway.url, slowBody)).toMatch(/^HTTP\/1\.1 408 /);
    expect(await sendSlowly(gateway.url, 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1')).toMatch(/^HTTP\/1\.1 408 /);
    expect(logger.lines.join('\n')).not.toContain('request failed');

    // A request that arrives in time is answered, however long it then takes.
    const answer = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ echo(text: "in time") }' }) });
    expect(await answer.json()).toEqual({ data: { echo: 'in time' } });
  });
});
