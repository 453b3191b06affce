import { describe, expect, it } from 'vitest';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';
import { valueOf } from '../support/metrics.ts';

describe('GET /metrics on the gateway', () => {
  const leftovers = useLeftovers();

  it('counts requests by status, GraphQL latency, subgraph fetches and shared fetches, and whether each subgraph is up', async () => {
    const mesh = leftovers.track(await startMesh({ only: ['podcasts', 'artists', 'insights'], data: SMALL_TEST_DATA }));
    const metricsUrl = mesh.gateway.url.replace('/graphql', '/metrics');
    const query = { query: '{ topCharts(first: 2) { edges { node { episode { title podcast { host { name } } } } } } }' };
    for (let i = 0; i < 3; i++) expect((await postGraphQL(mesh.gateway.url, query)).status).toBe(200);
    expect((await postGraphQL(mesh.gateway.url, '{not json')).status).toBe(400);

    const response = await fetch(metricsUrl);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    // Every line is a comment or a series: name{labels} value (blank lines, which the format allows, aside).
    for (const line of text.trim().split('\n').filter(Boolean)) expect(line).toMatch(/^(# (HELP|TYPE) .+|[a-z_:][a-z0-9_:]*(\{[^}]*\})? -?[0-9.e+-]+)$/);
    expect(valueOf(text, 'meshgraph_http_requests_total{path="/graphql",status="200"}')).toBe(3);
    expect(valueOf(text, 'meshgraph_http_requests_total{path="/graphql",status="400"}')).toBe(1);
    expect(valueOf(text, 'meshgraph_graphql_request_duration_seconds_count')).toBe(4);
    for (const subgraph of ['insights', 'podcasts', 'artists']) {
      expect(valueOf(text, `meshgraph_subgraph_fetches_total{outcome="ok",subgraph="${subgraph}"}`), subgraph).toBe(3);
      expect(valueOf(text, `meshgraph_subgraph_up{subgraph="${subgraph}"}`), subgraph).toBe(1);
    }
    expect(valueOf(text, 'meshgraph_subgraph_fetches_shared_total{subgraph="podcasts"}')).toBeGreaterThanOrEqual(0);
    expect(valueOf(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    for (const [name, type] of Object.entries({ meshgraph_subgraph_fetches_shared_total: 'counter', meshgraph_subgraph_up: 'gauge', meshgraph_subscriptions_open: 'gauge', meshgraph_subscriptions_refused_total: 'counter', meshgraph_graphql_request_duration_seconds: 'histogram' })) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
    }

    await mesh.stopSubgraph('artists');
    await postGraphQL(mesh.gateway.url, query);
    const after = await (await fetch(metricsUrl)).text();
    expect(valueOf(after, 'meshgraph_subgraph_fetches_total{outcome="error",subgraph="artists"}')).toBe(1);
    expect(valueOf(after, 'meshgraph_subgraph_up{subgraph="artists"}')).toBe(0);
  });
});
