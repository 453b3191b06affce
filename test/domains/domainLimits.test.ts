import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoPodcastsDomain } from '../../demo/domains/index.ts';
import { createSubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startSubgraphs, type TestSubgraphs } from '../support/mesh.ts';
import { subscribe } from '../support/subscriber.ts';
import { createTempLog } from '../support/tempLog.ts';

/** `levels` nested `episodes(first: 500)`: five of them (289 bytes) ran podcasts out of memory when sent to it straight. */
const nestedEpisodes = (levels: number) => `{${' episodes(first: 500) { edges { node { podcast {'.repeat(levels)} title${' } } } }'.repeat(levels)} }`;

describe('a domain reached directly, without the gateway', () => {
  const leftovers = useLeftovers('file');
  let running: TestSubgraphs<'podcasts'>;
  beforeAll(async () => {
    running = leftovers.track(await startSubgraphs({ data: SMALL_TEST_DATA, only: ['podcasts'] }));
  });
  const url = () => running.subgraphs.podcasts.url;

  it('refuses five nested episodes(first: 500) for their depth, and four for their cost, over HTTP and WebSocket', async () => {
    const refusals = [
      { query: nestedEpisodes(5), message: 'The operation nests 21 levels deep; the limit is 20. Split it into shallower operations.', extensions: { code: 'QUERY_TOO_DEEP' } },
      {
        query: nestedEpisodes(4),
        message: expect.stringMatching(/^The operation's estimated cost is [\d,]+; the limit is 200,000\./),
        extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', estimatedCost: expect.any(Number), maxCost: 200_000 },
      },
    ];
    expect(nestedEpisodes(5).length).toBeLessThanOrEqual(309);
    for (const { query, message, extensions } of refusals) {
      const { status, body } = await postGraphQL(url(), { query });
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([{ message, extensions }]);
      const overSocket = leftovers.track(subscribe(url(), query));
      expect(await overSocket.ended).toMatchObject([{ message, extensions }]);
    }
  });

  it('refuses introspection outside development, while the gateway still reads its SDL through _service', async () => {
    const introspection = await postGraphQL(url(), { query: '{ __schema { types { name } } }' });
    expect(introspection.body.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringContaining('introspection') });
    const overSocket = leftovers.track(subscribe(url(), '{ __type(name: "Play") { name } }'));
    expect(await overSocket.ended).toMatchObject([{ message: expect.stringContaining('introspection') }]);
    const sdl = await postGraphQL(url(), { query: '{ _service { sdl } }' });
    expect(sdl.body.data?._service.sdl).toContain('type Episode');
  });

  it('serves what is within the limits, over HTTP and WebSocket', async () => {
    const query = '{ episodes(first: 2) { edges { node { podcast { episodes(first: 2) { totalCount } } } } } }';
    const { body } = await postGraphQL(url(), { query });
    expect(body.errors).toBeUndefined();
    expect(body.data!.episodes.edges).toHaveLength(2);
    const overSocket = leftovers.track(subscribe(url(), query));
    expect((await overSocket.next()).data).toEqual(body.data);
  });

  it('abandons a query that runs past its time limit, with OPERATION_TIMEOUT, and keeps serving', async () => {
    const temp = leftovers.track(await createTempLog());
    const domain = createDemoPodcastsDomain(SMALL_TEST_DATA);
    const server = leftovers.track(
      await createSubgraphServer({ domain, log: temp.log, dataDir: temp.dataDir, logger: captureLogger('podcasts'), requestTimeoutMs: 1 }),
    );
    // Tens of thousands of fields: far more than a millisecond of work.
    const heavy = '{ plays(first: 500) { edges { node { id episode { title podcast { title episodes(first: 50) { edges { node { title durationSeconds } } } } } } } } }';
    for (const answer of [(await postGraphQL(server.url, { query: heavy })).body, await leftovers.track(subscribe(server.url, heavy)).next()]) {
      expect(answer.data?.plays).toBeNull();
      expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'OPERATION_TIMEOUT' }, message: expect.stringContaining('time limit of 1 ms') });
    }
    const { body } = await postGraphQL(url(), { query: '{ plays(first: 1) { totalCount } }' });
    expect(body.data!.plays.totalCount).toBe(domain.store.plays.length);
  });
});
