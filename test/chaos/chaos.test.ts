import { expect, test } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import type { EventLog, LogRecord } from '../../eventlog/index.ts';
import { decodePlay, PLAYS_TOPIC, type PlayEvent } from '../../schema/events/index.ts';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import { claimsOf, issueToken, readTokenKeys } from '../../governance/identity/index.ts';
import { topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startServiceProcess, type ServiceProcess } from '../support/serviceProcess.ts';
import { subscribe } from '../support/subscriber.ts';
import { createTempDir } from '../support/tempDir.ts';

/**
 * A random domain is killed with SIGKILL every few seconds while plays flow
 * and clients query and subscribe; afterwards nothing acknowledged is lost.
 * `npm test` runs it for MESHGRAPH_CHAOS_SECONDS (20 by default);
 * `npm run chaos` runs it for five minutes.
 */
const CHAOS_MS = Number(process.env.MESHGRAPH_CHAOS_SECONDS ?? 20) * 1000;
const KILL_EVERY_MS = 3_000;
const PRODUCERS = ['listeners', 'podcasts'] as const;
const CONSUMERS = ['artists', 'insights'] as const;
const DOMAINS = [...PRODUCERS, ...CONSUMERS];
type DomainName = (typeof DOMAINS)[number];

const leftovers = useLeftovers();

test(
  'a random domain SIGKILLed every few seconds loses no acknowledged play; derived products equal a recount; every subscriber gets every play once',
  { timeout: CHAOS_MS + 240_000 },
  async () => {
    const dataDir = leftovers.track(await createTempDir('meshgraph-chaos-')).path;
    const env = {
      MESHGRAPH_DATA_DIR: dataDir,
      MESHGRAPH_SEED: 'chaos',
      MESHGRAPH_SCALE: '0.005',
      MESHGRAPH_PLAYS_PER_SECOND: '40',
      MESHGRAPH_SIGNUPS_PER_SECOND: '2',
      MESHGRAPH_LOG_LEVEL: 'warn',
      MESHGRAPH_STARTUP_WAIT_MS: '60000',
    };
    const domains = {} as Record<DomainName, ServiceProcess>;
    const start = async (name: DomainName) => void (domains[name] = leftovers.track(await startServiceProcess(name, ['subgraph', name], env)));
    // Producers first, so the consumers find their history in the log; each pair starts side by side.
    await Promise.all(PRODUCERS.map(start));
    await Promise.all(CONSUMERS.map(start));
    const gateway = leftovers.track(
      await startServiceProcess('gateway', ['gateway'], {
        ...env,
        MESHGRAPH_SUBGRAPHS: DOMAINS.map((name) => `${name}=${domains[name].url}`).join(','),
      }),
    );

    // The mesh is governed: the clients read as governance, with a token of the mesh's development key.
    const keys = await readTokenKeys({ MESHGRAPH_DATA_DIR: dataDir });
    const auth = { authorization: `Bearer ${await issueToken(claimsOf(DEMO_CONSUMERS['governance']!), keys.signing!, { ttlSeconds: 3_600 })}` };

    // A frontend follows every play from the beginning of the log through the gateway.
    const fromStart = topicCursor(PLAYS_TOPIC.name, Object.fromEntries(Array.from({ length: PLAYS_TOPIC.partitions }, (_, p) => [p, 0])));
    const subscriber = subscribe<{ episodePlayed: { play: { id: string } } }>(
      gateway.url,
      'subscription ($after: String) { episodePlayed(after: $after) { cursor play { id } } }',
      { variables: { after: fromStart }, connectionParams: auth },
    );
    leftovers.track(subscriber);
    const received: string[] = [];
    const receiving = (async () => {
      for (;;) {
        const result = await subscriber.next();
        expect(result.errors).toBeUndefined();
        received.push(result.data!.episodePlayed.play.id);
      }
    })();
    receiving.catch(() => undefined);

    // Analysts query while domains die: answers may fail, the gateway must not.
    let querying = true;
    const queries = { ok: 0, failed: [] as string[] };
    const analyst = (async () => {
      while (querying) {
        const answer = await postGraphQL(gateway.url, {
          query: '{ royaltyLeaderboard(first: 3) { edges { node { name royalties { amount } } } } topCharts(first: 3) { totalCount } }',
        }, auth).catch((error: Error) => ({ status: 0, body: { errors: [{ message: `${error.message}: ${String(error.cause)}` }] } }));
        if (answer.status === 200 && !answer.body.errors) queries.ok++;
        else queries.failed.push(answer.body.errors?.[0]?.message ?? `HTTP ${answer.status}`);
      }
    })();

    const kills: string[] = [];
    for (const deadline = Date.now() + CHAOS_MS; Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS * (0.5 + Math.random())));
      const victim = DOMAINS[Math.floor(Math.random() * DOMAINS.length)]!;
      kills.push(victim);
      await domains[victim].restart();
    }

    // The flow stops: the producers restart with no simulation, so the log is final.
    await Promise.all([domains.podcasts.restart({ MESHGRAPH_PLAYS_PER_SECOND: '0' }), domains.listeners.restart({ MESHGRAPH_SIGNUPS_PER_SECOND: '0' })]);
    querying = false;
    await analyst;

    const log = leftovers.track(await createEmbeddedLog({ dataDir }));
    const plays = await readAll(log);
    const ids = plays.map((play) => play.playId);
    expect(new Set(ids).size, 'no play is in the log twice').toBe(ids.length);

    // Every play acknowledged to a subscriber is still in the log, and the subscriber got each once.
    await waitUntil(() => received.length >= plays.length, () => `the subscriber has ${received.length} of ${plays.length} plays`);
    expect(new Set(received).size, 'no play delivered twice').toBe(received.length);
    expect([...received].sort()).toEqual([...ids].sort());

    // Derived products equal a recount from the log.
    await waitUntil(
      async () => JSON.stringify(await royaltiesByArtist(gateway.url, auth)) === JSON.stringify(recountRoyalties(plays)),
      async () => `artists' royalties ${JSON.stringify(await royaltiesByArtist(gateway.url, auth))} differ from the recount ${JSON.stringify(recountRoyalties(plays))}`,
    );
    const { body } = await postGraphQL(gateway.url, { query: '{ plays(first: 1) { totalCount } }' }, auth);
    expect(body.data?.plays.totalCount).toBe(plays.length);
    await waitUntil(
      async () => (await totalEngagement(gateway.url, auth)) === plays.length,
      async () => `insights counts ${await totalEngagement(gateway.url, auth)} plays, the log ${plays.length}`,
    );

    console.info(
      `chaos: ${CHAOS_MS / 1000} s, ${kills.length} SIGKILLs (${DOMAINS.map((name) => `${name} ${kills.filter((k) => k === name).length}`).join(', ')}), ` +
        `${plays.length} plays, ${queries.ok} queries answered and ${queries.failed.length} failed while domains were down`,
    );
    expect(kills.length).toBeGreaterThan(0);
    expect(queries.ok).toBeGreaterThan(0);
    // A domain's death may fail a query with a GraphQL error, never the gateway's connection.
    expect(queries.failed.filter((message) => message.includes('fetch failed'))).toEqual([]);
    expect(gateway.starts).toBe(1);
  },
);

async function readAll(log: EventLog): Promise<PlayEvent[]> {
  const ends = await log.endOffsets(PLAYS_TOPIC.name);
  const total = ends.reduce((a, b) => a + b, 0);
  const collected = await collectRecords(log, { topic: PLAYS_TOPIC.name, from: { kind: 'earliest' } });
  const records: LogRecord[] = await collected.waitFor(total);
  await collected.reader.close();
  return records.map(decodePlay);
}

function recountRoyalties(plays: readonly PlayEvent[]): Record<string, [number, number]> {
  const counts: Record<string, [number, number]> = {};
  for (const play of plays) {
    const count = (counts[play.hostArtistId] ??= [0, 0]);
    count[0]++;
    if (play.secondsPlayed >= 30) count[1]++;
  }
  return sortKeys(counts);
}

async function royaltiesByArtist(url: string, headers: Record<string, string>): Promise<Record<string, [number, number]>> {
  const { body } = await postGraphQL(url, { query: '{ royaltyLeaderboard(first: 500) { edges { node { id royalties { plays payablePlays } } } } }' }, headers);
  const counts: Record<string, [number, number]> = {};
  for (const { node } of body.data?.royaltyLeaderboard.edges ?? []) {
    if (node.royalties.plays > 0) counts[node.id] = [node.royalties.plays, node.royalties.payablePlays];
  }
  return sortKeys(counts);
}

async function totalEngagement(url: string, headers: Record<string, string>): Promise<number> {
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const { body } = await postGraphQL(url, {
      query: 'query ($after: String) { listenerEngagement(first: 500, after: $after) { edges { node { plays } } pageInfo { hasNextPage endCursor } } }',
      variables: { after },
    }, headers);
    const page = body.data?.listenerEngagement;
    if (!page) return -1;
    for (const { node } of page.edges) total += node.plays;
    if (!page.pageInfo.hasNextPage) return total;
    after = page.pageInfo.endCursor;
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** Re-checks `condition` as consumers catch up (each check is a round trip); the test's timeout bounds it. */
async function waitUntil(condition: () => boolean | Promise<boolean>, describe: () => string | Promise<string>): Promise<void> {
  for (let attempt = 0; !(await condition()); attempt++) {
    if (attempt === 600) throw new Error(await describe());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
