import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoArtistsDomain, createDemoPodcastsDomain } from '../../demo/domains/index.ts';
import { decodePlay, PLAYS_TOPIC } from '../../schema/events/index.ts';
import { createCheckpointStore } from '../../subgraphs/kit/checkpointStore.ts';
import { createSubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { getJson, postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { createTempLog } from '../support/tempLog.ts';

const CHECKPOINT = 'checkpoints/artists.artist-royalties.json';
const LEADERBOARD = '{ royaltyLeaderboard(first: 500) { edges { node { id royalties { plays payablePlays secondsPlayed } } } } }';

type Totals = { plays: number; payablePlays: number; secondsPlayed: number };

/** How a checkpoint file can go bad: each writes the bad file over the saved one. */
const DAMAGES: Array<[string, (path: string, saved: string) => Promise<void>, RegExp]> = [
  ['is not JSON (a torn write)', (path, saved) => writeFile(path, saved.slice(0, saved.length / 2)), /not valid JSON/],
  ['has the wrong shape', (path) => writeFile(path, JSON.stringify({ offsets: { [PLAYS_TOPIC.name]: { 0: 'many' } }, state: 42 })), /offsets\W+ of \W+podcasts\.episode-plays\.v1/],
  ['has a state of the wrong shape', (path, saved) => writeFile(path, JSON.stringify({ ...JSON.parse(saved), state: { byArtist: 'all of them' } })), /state\W+ does not have the shape/],
  [
    'cannot be read (a folder stands in its place)',
    async (path) => {
      const { rm } = await import('node:fs/promises');
      await rm(path);
      await mkdir(path);
    },
    /cannot be read/,
  ],
];

describe('a checkpoint is an optimisation: a bad one never stops a domain', () => {
  const leftovers = useLeftovers();

  /** podcasts writes its plays to a fresh log; artists counts them and saves its checkpoint on close. */
  async function meshWithSavedCheckpoint() {
    const { log, dataDir } = leftovers.track(await createTempLog());
    leftovers.track(await createSubgraphServer({ domain: createDemoPodcastsDomain(SMALL_TEST_DATA), log, dataDir, logger: captureLogger('podcasts') }));
    const artists = createDemoArtistsDomain(SMALL_TEST_DATA);
    const startArtists = async () => {
      const logger = captureLogger('artists');
      const server = leftovers.track(await createSubgraphServer({ domain: artists, log, dataDir, logger }));
      return { server, logger };
    };
    const first = await startArtists();
    await first.server.close();
    const path = join(dataDir, CHECKPOINT);
    return { log, dataDir, path, saved: await readFile(path, 'utf8'), startArtists };
  }

  /** Royalties per host artist, recounted from every play in the log. */
  async function recountFromLog(log: Awaited<ReturnType<typeof meshWithSavedCheckpoint>>['log']) {
    const ends = await log.endOffsets(PLAYS_TOPIC.name);
    const collected = await collectRecords(log, { topic: PLAYS_TOPIC.name, from: { kind: 'earliest' } });
    const records = await collected.waitFor(ends.reduce((a, b) => a + b, 0));
    await collected.reader.close();
    const totals = new Map<string, Totals>();
    for (const record of records) {
      const play = decodePlay(record);
      const t = totals.get(play.hostArtistId) ?? { plays: 0, payablePlays: 0, secondsPlayed: 0 };
      t.plays++;
      t.secondsPlayed += play.secondsPlayed;
      if (play.secondsPlayed >= 30) t.payablePlays++;
      totals.set(play.hostArtistId, t);
    }
    return totals;
  }

  async function expectRoyaltiesEqualRecount(url: string, log: Awaited<ReturnType<typeof meshWithSavedCheckpoint>>['log']) {
    const { body } = await postGraphQL(url, { query: LEADERBOARD });
    expect(body.errors).toBeUndefined();
    const served = new Map((body.data!.royaltyLeaderboard.edges as Array<{ node: { id: string; royalties: Totals } }>).map((e) => [e.node.id, e.node.royalties]));
    const recount = await recountFromLog(log);
    expect(recount.size).toBeGreaterThan(0);
    for (const [artistId, totals] of recount) expect(served.get(artistId), artistId).toEqual(totals);
    expect([...served.values()].reduce((sum, t) => sum + t.plays, 0)).toBe([...recount.values()].reduce((sum, t) => sum + t.plays, 0));
  }

  for (const [what, damage, reason] of DAMAGES) {
    it(`one that ${what} is reported, set aside, and artist-royalties is rebuilt from the log: its totals equal a recount`, async () => {
      const { log, path, saved, startArtists } = await meshWithSavedCheckpoint();
      await damage(path, saved);

      const { server, logger } = await startArtists();
      const warning = await logger.waitForLine('checkpoint set aside; the product is rebuilt from the log');
      expect(warning).toContain(path);
      expect(warning).toMatch(reason);
      await expectRoyaltiesEqualRecount(server.url, log);
      const aside = (await readdir(dirname(path))).filter((name) => name.startsWith('artists.artist-royalties.json.corrupt-'));
      expect(aside).toHaveLength(1);
      // A good checkpoint takes its place.
      expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ offsets: { [PLAYS_TOPIC.name]: expect.any(Object) } });
    });
  }

  it('one whose offsets are past the end of the log (the log lost records) is an error, not a resume: it is set aside and the product recounted', async () => {
    const { log, path, saved, startArtists } = await meshWithSavedCheckpoint();
    const checkpoint = JSON.parse(saved) as { offsets: Record<string, Record<string, number>> };
    const plays = checkpoint.offsets[PLAYS_TOPIC.name]!;
    for (const partition of Object.keys(plays)) plays[partition]! += 1_000;
    await writeFile(path, JSON.stringify(checkpoint));

    const { server, logger } = await startArtists();
    const error = await logger.waitForLine('checkpoint set aside; the product is rebuilt from the log');
    expect(error).toMatch(/^error|ERROR/i);
    expect(error).toMatch(/past the end of the log/);
    await expectRoyaltiesEqualRecount(server.url, log);
    // The discovery port (and the catalog) count it.
    const { body } = await getJson<{ dataProducts: Array<{ name: string; figures: Record<string, unknown> }> }>(server.url.replace(/\/graphql$/, '/data-products'));
    expect(body.dataProducts.find((product) => product.name === 'artist-royalties')?.figures).toMatchObject({ checkpointsSetAside: 1, checkpointsPastEnd: 1 });
  });

  it('keeps its folder private (0700) and its files readable by the owner only (0600)', async () => {
    const { path } = await meshWithSavedCheckpoint();
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('counts what it set aside, for the product’s figures', async () => {
    const { dataDir, path } = await meshWithSavedCheckpoint();
    await writeFile(path, 'not json');
    const store = createCheckpointStore(dataDir, 'artists.artist-royalties');
    await expect(store.load()).resolves.toBeUndefined();
    expect(store.figures()).toEqual({ checkpointsSetAside: 1, checkpointsPastEnd: 0 });
  });
});
