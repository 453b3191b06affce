import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createGateway, type GatewayOptions } from '../../gateway/index.ts';
import { closeServer, listen } from '../../server/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { subscribe } from '../support/subscriber.ts';

const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])
  type Query { refused: String, slow: String, quick: String }
`;

/**
 * A subgraph that misbehaves on demand: `refused` answers HTTP 413 with a
 * body full of internals, `slow` never answers (and tells when the gateway
 * gave up on it), `quick` answers at once.
 */
async function startFakeSubgraph() {
  let abandoned!: () => void;
  const slowAbandoned = new Promise<void>((resolve) => (abandoned = resolve));
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // The gateway's health probe (GET /health, every few seconds) finds no such thing here.
    if (request.method !== 'POST') return void response.writeHead(404).end();
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const { query } = JSON.parse(text) as { query: string };
      const json = (body: unknown) => response.setHeader('content-type', 'application/json').end(JSON.stringify(body));
      if (query.includes('_service')) return json({ data: { _service: { sdl: SDL } } });
      if (query.includes('refused')) {
        return response.writeHead(413, { 'content-type': 'text/plain' }).end('body limit of vault-7 (10.0.3.7:8443) is 64 bytes; token=s3cr3t');
      }
      if (query.includes('slow')) {
        response.once('close', () => abandoned());
        return;
      }
      return json({ data: { quick: 'here' } });
    });
  });
  const port = await listen(server, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}/graphql`, slowAbandoned, close: () => closeServer(server) };
}

describe('what the gateway tells of a subgraph answer', () => {
  const leftovers = useLeftovers();

  async function start(options: Partial<GatewayOptions> = {}) {
    const subgraph = leftovers.track(await startFakeSubgraph());
    const logger = captureLogger('gateway');
    const gateway = leftovers.track(await createGateway({ subgraphs: [{ name: 'fake', url: subgraph.url }], logger, ...options }));
    await gateway.ready;
    return { subgraph, gateway, logger };
  }

  for (const development of [false, true]) {
    it(`a subgraph's HTTP error reaches the caller as a GraphQL error naming it, never its raw body (development: ${development})`, async () => {
      const { gateway, logger } = await start({ development });
      const { body } = await postGraphQL(gateway.url, { query: '{ refused }' });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.extensions).not.toHaveProperty('response');
      expect(JSON.stringify(body)).not.toMatch(/vault-7|10\.0\.3\.7|s3cr3t|127\.0\.0\.1/);
      expect(body.errors![0]).toMatchObject({
        message: expect.stringContaining('Subgraph "fake" refused the request with HTTP 413'),
        extensions: { code: 'PAYLOAD_TOO_LARGE', subgraph: 'fake' },
      });
      // The operator still sees what the subgraph said.
      expect(await logger.waitForLine('subgraph answered with an HTTP error')).toContain('token=s3cr3t');
    });
  }

  it('a request past its time limit gets OPERATION_TIMEOUT, with what did answer, and its subgraph fetch is aborted', async () => {
    const { subgraph, gateway } = await start({ requestTimeoutMs: 200, dedupeInflight: true });
    const { status, body } = await postGraphQL(gateway.url, { query: '{ slow }' });
    expect(status).toBe(200);
    expect(body.data).toEqual({ slow: null });
    expect(body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('ran past its time limit'), extensions: expect.objectContaining({ code: 'OPERATION_TIMEOUT', subgraph: 'fake' }) }),
    ]);
    await subgraph.slowAbandoned;

    // The subgraph is not marked down for the caller's time limit.
    expect(gateway.subgraphStates()).toEqual({ fake: 'up' });
    expect((await postGraphQL(gateway.url, { query: '{ quick }' })).body).toEqual({ data: { quick: 'here' } });
  });

  it('a query over WebSocket has the same time limit', async () => {
    const { subgraph, gateway } = await start({ requestTimeoutMs: 200 });
    const query = leftovers.track(subscribe(gateway.url, '{ slow }'));
    const { data, errors } = await query.next();
    expect(data).toEqual({ slow: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TIMEOUT', subgraph: 'fake' });
    await subgraph.slowAbandoned;
  });
});
