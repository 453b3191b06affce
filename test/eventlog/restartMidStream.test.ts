import { fork, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateEpisodes, generatePlays, generatePodcasts } from '../../demo/data/index.ts';
import { PodcastStore, publishCatalog } from '../../subgraphs/podcasts/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { postGraphQL } from '../support/http.ts';
import { ownerAuthorization } from '../support/tokens.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { TEST_DATA } from '../support/mesh.ts';
import { playRecord } from '../support/plays.ts';
import { createTempLog } from '../support/tempLog.ts';

/** The artists domain in its own process, as `npm start` runs it; resolves with its URL once it has caught up. */
function startArtists(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork('bin/meshgraph.ts', ['subgraph', 'artists'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PORT: '0', MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_SCALE: String(TEST_DATA.scale), MESHGRAPH_SEED: TEST_DATA.seed, MESHGRAPH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`artists exited with ${code} before it was ready`)));
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) resolve({ child, url: message.url });
    });
  });
}

describe('a domain restarted mid-stream', () => {
  const leftovers = useLeftovers();

  it('artist-royalties killed with SIGKILL while plays flow resumes from its checkpoint: totals equal a recount from the log', async () => {
    const { log, dataDir } = leftovers.track(await createTempLog());
    await log.createTopic(PLAYS_TOPIC);
    // The episodes the plays are checked against, as podcasts publishes them.
    await publishCatalog({ log, logger: captureLogger('podcasts') }, new PodcastStore({ podcasts: generatePodcasts(TEST_DATA), episodes: generateEpisodes(TEST_DATA) }));
    const plays = generatePlays(TEST_DATA);
    const append = (slice: typeof plays) =>
      log.append(PLAYS_TOPIC.name, slice.map(({ id, recordedAt, ...play }) => playRecord({ playId: id, ...play }, recordedAt)));
    const third = Math.floor(plays.length / 3);
    await append(plays.slice(0, third));

    const first = await startArtists(dataDir);
    leftovers.track({ close: () => void first.child.kill('SIGKILL') });
    // Plays keep coming while artists counts them; then it dies without a chance to save.
    const flowing = append(plays.slice(third, 2 * third));
    first.child.kill('SIGKILL');
    await Promise.all([flowing, new Promise((resolve) => first.child.once('exit', resolve))]);
    await append(plays.slice(2 * third));

    const second = await startArtists(dataDir);
    leftovers.track({ close: () => void second.child.kill('SIGKILL') });
    const { body } = await postGraphQL(
      second.url,
      { query: '{ royaltyLeaderboard(first: 500) { totalCount edges { node { id royalties { plays payablePlays secondsPlayed } } } } }' },
      await ownerAuthorization({ MESHGRAPH_DATA_DIR: dataDir }, 'artists'),
    );
    expect(body.errors).toBeUndefined();

    const recount = new Map<string, { plays: number; payablePlays: number; secondsPlayed: number }>();
    for (const play of plays) {
      const totals = recount.get(play.hostArtistId) ?? { plays: 0, payablePlays: 0, secondsPlayed: 0 };
      totals.plays++;
      totals.secondsPlayed += play.secondsPlayed;
      if (play.secondsPlayed >= 30) totals.payablePlays++;
      recount.set(play.hostArtistId, totals);
    }
    const served = new Map(body.data!.royaltyLeaderboard.edges.map((e: { node: { id: string; royalties: object } }) => [e.node.id, e.node.royalties]));
    for (const [artistId, totals] of recount) expect(served.get(artistId), artistId).toEqual(totals);
    const total = [...served.values()].reduce((sum: number, r) => sum + (r as { plays: number }).plays, 0);
    expect(total).toBe(plays.length);
  });
});
