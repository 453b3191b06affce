import { PLAY_EVENT_VERSIONS, PLAYS_TOPIC, type PlayEvent } from '../../schema/events/index.ts';
import type { Appended, EventLog, NewRecord } from '../../eventlog/index.ts';
import type { Device } from '../../schema/index.ts';
import { topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import { toEventRecord } from '../../subgraphs/kit/index.ts';
import type { TestSubgraphs } from './mesh.ts';

export interface PlayOptions {
  /** @default 'GB' */
  country?: string;
  /** @default the first episode of the catalog */
  episodeId?: string;
  /** @default 'l-1', the first listener */
  listenerId?: string;
  /** @default 60 */
  secondsPlayed?: number;
  /** @default 'WEB' */
  device?: Device;
}

/** What a player needs of the mesh: its log, and the podcasts domain to look the episodes up in. */
export type PlayerMesh = Pick<TestSubgraphs<'podcasts'>, 'log' | 'domains'>;

/** A play of an episode of the catalog happening now, with id `playId`, as the player apps send it. */
export function newPlay(mesh: PlayerMesh, playId: string, options: PlayOptions = {}): PlayEvent {
  const { country = 'GB', episodeId, listenerId = 'l-1', secondsPlayed = 60, device = 'WEB' } = options;
  const { store } = mesh.domains.podcasts;
  const episode = episodeId ? store.episodeById.get(episodeId)! : store.episodes[0]!;
  const podcast = store.podcastById.get(episode.podcastId)!;
  return { playId, listenerId, episodeId: episode.id, podcastId: podcast.id, hostArtistId: podcast.hostArtistId, secondsPlayed, device, country, occurredAt: new Date().toISOString() };
}

/** A play as a record of the plays topic: keyed by listener (so one listener's plays stay in order), with the headers every record carries. */
export function playRecord(play: PlayEvent, recordedAt?: string): NewRecord {
  // Only the topic's owner produces its records: the test plays as the podcasts domain's player feed would.
  return toEventRecord({ key: play.listenerId, value: play, occurredAt: play.occurredAt, recordedAt, producer: PLAYS_TOPIC.owner, schemaVersion: PLAY_EVENT_VERSIONS.at(-1)! });
}

/** Appends plays to the plays topic; resolves with where each landed. */
export function appendPlays(log: EventLog, plays: readonly PlayEvent[]): Promise<Appended[]> {
  return log.append(PLAYS_TOPIC.name, plays.map((play) => playRecord(play)));
}

/**
 * Appends plays to the mesh's log as the player apps would, one at a time,
 * each with a fresh id (returned), prefixed by `prefix` so tests in one file
 * never collide.
 */
export function createPlayer(mesh: PlayerMesh, prefix: string) {
  let played = 0;
  return async (options: PlayOptions = {}): Promise<string> => {
    const play = newPlay(mesh, `${prefix}-${++played}`, options);
    await appendPlays(mesh.log, [play]);
    return play.playId;
  };
}

/** A cursor at the end of `topic` now: a subscription after it gets every event appended from here on. */
export async function cursorAtEnd(log: EventLog, topic: string): Promise<string> {
  return topicCursor(topic, await log.endOffsets(topic));
}
