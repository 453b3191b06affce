import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { createGateway, type Gateway } from '../../gateway/index.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { createPseudonymiser } from '../../governance/enforcement/index.ts';
import type { Governance } from '../../governance/Governance.ts';
import { claimsOf, createAuthenticator, issueToken, readTokenKeys, type TokenKeys } from '../../governance/identity/index.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { breakingChanges } from '../../registry/checks/breakingChanges.ts';
import { createFieldUsageLog, createFieldUsageRecorder, type FieldUsageRecorder } from '../../registry/usage/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { subscribe } from '../support/subscriber.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

const leftovers = useLeftovers('file');

/** A shows subgraph whose old chart field is deprecated with a sunset. */
const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated"])
type Query {
  episodes(first: Int): [Episode!]!
  legacyCharts: [Episode!]! @deprecated(reason: "Use episodes. Sunset 2027-01-31")
}
type Episode @key(fields: "id") {
  id: ID!
  title: String!
  notes: String @authenticated
}`;
const EPISODES = [{ id: 'e-1', title: 'Pilot' }, { id: 'e-2', title: 'Second' }];

let keys: TokenKeys;
let dataDir: string;
let subgraphUrl: string;
/** The first gateway process: its log, its recorder and itself (the restart test stops them). */
let first: { log: Awaited<ReturnType<typeof openLog>>; recorder: FieldUsageRecorder; gateway: Gateway };
const chartsWeb: Consumer = { id: 'charts-web', kind: 'application', team: 'charts', owns: [], scopes: [], regions: [] };
const asChartsWeb = async () => ({ authorization: `Bearer ${await issueToken(claimsOf(chartsWeb), keys.signing!)}` });
const openLog = () => createEmbeddedLog({ dataDir, logger: captureLogger('log'), principal: 'governance' });

/** A gateway over the shows subgraph that records usage with `recorder`, as the command line's does. */
async function gatewayWith(recorder: FieldUsageRecorder): Promise<Gateway> {
  const governance: Governance = {
    policy: { ...loadMeshPolicy(), unclassified: 'public' },
    authenticator: createAuthenticator({ verify: keys.verify }),
    agreements: { granted: () => undefined, list: () => [], onChange: () => () => undefined },
    audit: { record: () => undefined },
    pseudonymise: createPseudonymiser('deprecations-test-key'),
  };
  const gateway = await createGateway({ subgraphs: [{ name: 'shows', url: subgraphUrl }], governance, fieldUsage: recorder, rateLimits: false, supergraphPollMs: 0, healthProbeMs: 0, logger: captureLogger('gateway') });
  await gateway.ready;
  return gateway;
}

beforeAll(async () => {
  dataDir = leftovers.track(await createTempDir()).path;
  keys = await readTokenKeys({ MESHGRAPH_DATA_DIR: dataDir });
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(SDL), resolvers: { Query: { episodes: (_: unknown, { first }: { first?: number }) => EPISODES.slice(0, first ?? 10), legacyCharts: () => EPISODES } } }]),
  });
  subgraphUrl = (await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } })).url;
  leftovers.track({ close: () => server.stop() });
  const log = await openLog();
  const recorder = createFieldUsageRecorder({ log, logger: captureLogger('usage'), flushMs: 60_000 });
  first = { log, recorder, gateway: await gatewayWith(recorder) };
  // Closed by the restart test; when it fails first, here.
  leftovers.track({ close: async () => (await first.gateway.close(), await first.recorder.close(), await first.log.close()) });
});

describe('deprecation and use of fields, at the gateway', () => {
  it('a consumer still using a deprecated field gets a warning in the response extensions, with the sunset; others get none', async () => {
    const { gateway } = first;
    const [old, current] = await Promise.all([
      postGraphQL(gateway.url, { query: 'query OldCharts { legacyCharts { title } }' }, await asChartsWeb()),
      postGraphQL(gateway.url, { query: 'query TopEpisodes { episodes(first: 1) { title } }' }, await asChartsWeb()),
    ]);
    expect(old.body.data).toEqual({ legacyCharts: [{ title: 'Pilot' }, { title: 'Second' }] });
    expect(old.body.extensions?.['deprecations']).toEqual([{ coordinate: 'Query.legacyCharts', reason: 'Use episodes. Sunset 2027-01-31', sunset: '2027-01-31' }]);
    expect(current.body.data).toEqual({ episodes: [{ title: 'Pilot' }] });
    expect(current.body.extensions?.['deprecations']).toBeUndefined();
  });

  it('what consumers used survives a gateway restart (it is on the log), and refuses removing a field a client uses, naming it', async () => {
    const { log, recorder, gateway } = first;
    const headers = await asChartsWeb();
    await Promise.all([1, 2, 3].map(() => postGraphQL(gateway.url, { query: 'query TopEpisodes { episodes(first: 2) { id title } }' }, headers)));
    // Unnamed, anonymous: counted under the query's hash, as `anonymous`.
    // Its notes are refused (authenticated callers only): asked for, not used.
    const anonymous = await postGraphQL(gateway.url, { query: '{ episodes { id notes } }' });
    expect(anonymous.body.data).toEqual({ episodes: [{ id: 'e-1', notes: null }, { id: 'e-2', notes: null }] });
    // Subscriptions run outside Apollo: counted when they start, whatever becomes of them (this gateway serves no notifications).
    const watcher = leftovers.track(subscribe(gateway.url, 'subscription Watch { notifications { id } }', { connectionParams: headers }));
    await watcher.ended;
    await gateway.close();
    await recorder.close();
    await log.close();

    // The restarted process reads the usage back from the log's files.
    const reopened = leftovers.track(await openLog());
    const usageLog = leftovers.track(createFieldUsageLog({ log: reopened, logger: captureLogger('usage') }));
    await usageLog.ready;
    const usage = usageLog.usage();
    const title = usage.find((u) => u.coordinate === 'Episode.title' && u.consumer === 'charts-web');
    // The three here and the first test's two.
    expect(title).toMatchObject({ operations: ['OldCharts', 'TopEpisodes'], count: 5 });
    expect(Date.now() - Date.parse(title!.lastSeenAt)).toBeLessThan(60_000);
    expect(usage.find((u) => u.coordinate === 'Query.episodes(first:)' && u.consumer === 'charts-web')).toMatchObject({ operations: ['TopEpisodes'], count: 4 });
    expect(usage.find((u) => u.coordinate === 'Subscription.notifications' && u.consumer === 'charts-web')).toMatchObject({ operations: ['Watch'], count: 1 });
    const episodeIds = usage.find((u) => u.coordinate === 'Episode.id' && u.consumer === 'anonymous');
    expect(episodeIds?.operations).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    // A refused field would otherwise hold back its removal in the name of a caller who never got it.
    expect(usage.filter((u) => u.coordinate === 'Episode.notes')).toEqual([]);

    const [problem, ...others] = breakingChanges({ current: SDL, candidate: SDL.replace('  title: String!\n', ''), usage });
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ severity: 'error', coordinate: 'Episode.title', usedBy: [{ consumer: 'charts-web', operations: ['OldCharts', 'TopEpisodes'], count: 5, lastSeenAt: title!.lastSeenAt }] });
    expect(problem!.message).toContain(`charts-web (operations OldCharts, TopEpisodes; 5 uses, last ${title!.lastSeenAt})`);
  });
});
