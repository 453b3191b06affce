import { describe, expect, it } from 'vitest';
import { createMeshCatalog } from '../../gateway/catalog/index.ts';
import { createGatewayRoutes } from '../../gateway/createGatewayRoutes.ts';
import type { GatewayState } from '../../gateway/GatewayState.ts';
import type { Serving } from '../../gateway/startServing.ts';
import { closeServer, createHttpServer, listen, sendJson } from '../../server/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { getJson, postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';

describe("the gateway's routes in each state", () => {
  const leftovers = useLeftovers();

  /** A server with the gateway's routes over a state the test sets; its GraphQL URL. */
  async function serverIn(initial: GatewayState<Pick<Serving, 'handleGraphQL'>>) {
    let state = initial;
    const logger = captureLogger('gateway');
    const subgraphs = [{ name: 'podcasts', url: 'http://127.0.0.1:1/graphql' }];
    const routes = createGatewayRoutes({
      state: () => state,
      subgraphStates: () => ({ podcasts: state.status === 'serving' ? 'up' : 'waiting' }),
      catalog: createMeshCatalog({ subgraphs, subgraphSdls: () => [], logger }),
      graphqlUrl: () => url,
      serveMetrics: (_request, response) => void response.end('meshgraph_http_requests_total 1\n'),
    });
    const server = createHttpServer({ routes, logger });
    const url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/graphql`;
    leftovers.track({ close: () => closeServer(server) });
    return { url, moveTo: (next: typeof state) => (state = next) };
  }

  it('starting: GraphQL is 503 GATEWAY_STARTING naming the subgraphs awaited, health is 503 starting', async () => {
    const { url } = await serverIn({ status: 'starting' });
    const { status, headers, body } = await postGraphQL(url, { query: '{ __typename }' });
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('1');
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining('"podcasts"'), extensions: { code: 'GATEWAY_STARTING' } });
    expect(await getJson(url.replace('/graphql', '/health'))).toMatchObject({ status: 503, body: { status: 'starting', subgraphs: { podcasts: 'waiting' } } });
  });

  it('serving: GraphQL goes to the serving handler, health is 200 ok; stopped: both 503', async () => {
    const { url, moveTo } = await serverIn({ status: 'starting' });
    moveTo({ status: 'serving', serving: { handleGraphQL: (_request, response) => sendJson(response, 200, { data: { served: true } }) } });
    expect(await postGraphQL(url, { query: '{ served }' })).toMatchObject({ status: 200, body: { data: { served: true } } });
    expect(await getJson(url.replace('/graphql', '/health'))).toMatchObject({ status: 200, body: { status: 'ok', subgraphs: { podcasts: 'up' } } });

    moveTo({ status: 'stopped' });
    const { status, body } = await postGraphQL(url, { query: '{ served }' });
    expect(status).toBe(503);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(await getJson(url.replace('/graphql', '/health'))).toMatchObject({ status: 503, body: { status: 'stopped' } });
  });

  it('serves the metrics in any state', async () => {
    const { url } = await serverIn({ status: 'starting' });
    const response = await fetch(url.replace('/graphql', '/metrics'));
    expect(await response.text()).toContain('meshgraph_http_requests_total');
  });
});
