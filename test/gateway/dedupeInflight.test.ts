import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dedupeInflight } from '../../gateway/dedupeInflight.ts';
import { httpFetch } from '../../gateway/httpFetch.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';

/** A real upstream that counts requests and holds every answer until released. */
async function startHeldUpstream() {
  const held: { request: IncomingMessage; response: ServerResponse; body: string }[] = [];
  let arrived: () => void = () => {};
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      held.push({ request, response, body });
      arrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    held,
    /** Resolves once `count` requests have arrived. */
    arrivals: (count: number) =>
      new Promise<void>((resolve) => {
        arrived = () => held.length >= count && resolve();
        arrived();
      }),
    /** Answers every request still held. */
    release() {
      for (const [i, { response, body }] of held.entries()) {
        if (response.headersSent) continue;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { answer: i, echo: JSON.parse(body) } }));
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const post = (query: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ query, variables: { id: 'p-1' } }),
});

describe('in-flight deduplication of subgraph fetches', () => {
  const leftovers = useLeftovers();

  it('identical queries in flight together share one upstream request, and each caller gets its own response', async () => {
    const upstream = leftovers.track(await startHeldUpstream());
    const fetcher = dedupeInflight(fetch);
    const calls = Array.from({ length: 10 }, () => fetcher(upstream.url, post('query Q($id: ID!) { podcast(id: $id) { title } }')));
    await upstream.arrivals(1);
    upstream.release();
    const responses = await Promise.all(calls);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(upstream.held).toHaveLength(1);
    expect(fetcher.shared()).toBe(9);
    expect(new Set(responses).size).toBe(10);
    expect(bodies.every((b) => JSON.stringify(b) === JSON.stringify(bodies[0]))).toBe(true);
    // Once answered, nothing is cached: the next identical query goes upstream again.
    const later = fetcher(upstream.url, post('query Q($id: ID!) { podcast(id: $id) { title } }'));
    await upstream.arrivals(2);
    upstream.release();
    await later;
    expect(upstream.held).toHaveLength(2);
  });

  it('a caller whose signal aborts stops waiting alone; the shared request is aborted only once every caller gave up', async () => {
    const upstream = leftovers.track(await startHeldUpstream());
    const fetcher = dedupeInflight(fetch);
    const query = 'query Q($id: ID!) { podcast(id: $id) { title } }';
    const [impatient, patient] = [new AbortController(), new AbortController()];
    const first = fetcher(upstream.url, { ...post(query), signal: impatient.signal });
    const second = fetcher(upstream.url, { ...post(query), signal: patient.signal });
    await upstream.arrivals(1);
    impatient.abort(new Error('out of time'));
    await expect(first).rejects.toThrow('out of time');
    upstream.release();
    expect((await (await second).json()).data.answer).toBe(0);

    // Both give up: the upstream request itself is aborted (the subgraph sees its client go).
    const callers = [new AbortController(), new AbortController()];
    const both = callers.map((c) => fetcher(upstream.url, { ...post(query), signal: c.signal }).catch((e: unknown) => e));
    await upstream.arrivals(2);
    const gone = new Promise<void>((resolve) => upstream.held[1]!.response.once('close', () => resolve()));
    for (const c of callers) c.abort(new Error('out of time'));
    expect(await Promise.all(both)).toEqual([expect.any(Error), expect.any(Error)]);
    await gone;
  });

  it('mutations, different variables and different caller headers are never shared', async () => {
    const upstream = leftovers.track(await startHeldUpstream());
    const fetcher = dedupeInflight(fetch);
    const calls = [
      ...Array.from({ length: 3 }, () => fetcher(upstream.url, post('mutation M($id: ID!) { follow(id: $id) }'))),
      fetcher(upstream.url, post('query Q($id: ID!) { podcast(id: $id) { title } }', { 'apollographql-client-name': 'studio' })),
      fetcher(upstream.url, post('query Q($id: ID!) { podcast(id: $id) { title } }', { 'apollographql-client-name': 'dashboard' })),
      fetcher(upstream.url, { ...post(''), body: JSON.stringify({ query: 'query Q($id: ID!) { podcast(id: $id) { title } }', variables: { id: 'p-2' } }) }),
    ];
    await upstream.arrivals(6);
    upstream.release();
    await Promise.all(calls);
    expect(upstream.held).toHaveLength(6);
    expect(fetcher.shared()).toBe(0);
  });

  it('bodies sent as bytes, as the gateway sends its fetches: the same bytes of a query share, a mutation and other bytes never do', async () => {
    const upstream = leftovers.track(await startHeldUpstream());
    const fetcher = dedupeInflight(httpFetch);
    const bytes = (query: string, id = 'é-1') => ({ ...post(''), body: Buffer.from(JSON.stringify({ query, variables: { id } })) as unknown as BodyInit });
    const calls = [
      ...Array.from({ length: 3 }, () => fetcher(upstream.url, bytes('query Q($id: ID!) { podcast(id: $id) { title } }'))),
      ...Array.from({ length: 2 }, () => fetcher(upstream.url, bytes('{ podcast(id: "p-1") { title } }'))),
      ...Array.from({ length: 2 }, () => fetcher(upstream.url, bytes('mutation M($id: ID!) { follow(id: $id) }'))),
      fetcher(upstream.url, bytes('query Q($id: ID!) { podcast(id: $id) { title } }', 'é-2')),
    ];
    await upstream.arrivals(5);
    upstream.release();
    const bodies = await Promise.all(calls.map(async (call) => (await call).json()));
    expect(upstream.held.map(({ body }) => JSON.parse(body).variables.id).sort()).toEqual(['é-1', 'é-1', 'é-1', 'é-1', 'é-2']);
    expect(fetcher.shared()).toBe(3);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('many identical queries at once through the gateway all get the full, correct answer', async () => {
    const mesh = leftovers.track(await startMesh({ only: ['podcasts', 'artists', 'insights'], data: SMALL_TEST_DATA }));
    const query = '{ topCharts(first: 5) { edges { node { rank episode { title podcast { host { name royalties { amount } } } } } } } }';
    const single = await postGraphQL(mesh.gateway.url, { query });
    const answers = await Promise.all(Array.from({ length: 25 }, () => postGraphQL(mesh.gateway.url, { query })));
    for (const { body } of answers) expect(body).toEqual(single.body);
    expect(single.body.errors).toBeUndefined();
  });
});
