import { createRandom, generateEpisodes, generatePlays, type DemoDataOptions } from '../../demo/data/index.ts';
import { simulatePlay } from '../../demo/simulator/index.ts';
import { PLAY_EVENT_VERSIONS, PLAYS_TOPIC, type PlayEvent } from '../../schema/events/index.ts';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { toEventRecord } from '../../subgraphs/kit/index.ts';
import { epochNow } from './epochNow.ts';

/** Options of `createPlayAppender`. */
export interface PlayAppenderOptions {
  /** The demo subgraphs' embedded log folder; podcasts must not hold the plays topic (see `benchAppendsPlays`). */
  dataDir: string;
  /** The demo world the subgraphs serve, so plays name episodes, shows and listeners that exist. */
  data: DemoDataOptions;
}

/** Appends plays to the demo mesh's event log, as the player apps would. */
export interface PlayAppender {
  /**
   * Appends one play with id `id` that occurred now; returns when it was
   * appended (epoch milliseconds, sub-millisecond, comparable across processes
   * on this machine) and the append's durability.
   */
  append(id: string): { appendedAt: number; durable: Promise<unknown> };
  close(): Promise<void>;
}

/**
 * Opens the embedded log of the demo subgraphs and makes plays as the
 * simulated player apps do (`simulatePlay`: a historical play re-stamped),
 * with the id asked for and `occurredAt` the time of the append.
 */
export async function createPlayAppender(options: PlayAppenderOptions): Promise<PlayAppender> {
  const { dataDir, data } = options;
  const templates = generatePlays(data);
  const durations = new Map(generateEpisodes(data).map((e) => [e.id, e.durationSeconds]));
  const random = createRandom(`${data.seed ?? 'meshgraph'}:bench`);
  // The benchmark stands in for the player apps that feed podcasts: it appends as the plays topic's owner.
  const log = await createEmbeddedLog({ dataDir, principal: PLAYS_TOPIC.owner });
  let number = 0;
  return {
    append(id) {
      const play = simulatePlay(random, templates, (episodeId) => durations.get(episodeId) ?? 60, ++number);
      const appendedAt = epochNow();
      const occurredAt = new Date(appendedAt).toISOString();
      const value: PlayEvent = {
        playId: id, listenerId: play.listenerId, episodeId: play.episodeId, podcastId: play.podcastId, hostArtistId: play.hostArtistId,
        secondsPlayed: play.secondsPlayed, device: play.device, country: play.country, occurredAt,
      };
      const record = toEventRecord({ key: play.listenerId, value, occurredAt, producer: PLAYS_TOPIC.owner, schemaVersion: PLAY_EVENT_VERSIONS.at(-1)! });
      return { appendedAt, durable: log.append(PLAYS_TOPIC.name, [record]) };
    },
    close: () => log.close(),
  };
}
