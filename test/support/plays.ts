import { PLAY_EVENT_VERSIONS, PLAYS_TOPIC, type PlayEvent } from '../../schema/events/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import { topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import { toEventRecord } from '../../subgraphs/kit/index.ts';
import type { TestMesh } from './mesh.ts';

export interface PlayOptions {
  /** @default 'GB' */
  country?: string;
  /** @default the first episode of the catalog */
  episodeId?: string;
  /** @default the first listener */
  listenerId?: string;
  /** @default 60 */
  secondsPlayed?: number;
}

/**
 * Appends plays to the mesh's log as the player apps would, each with a fresh
 * id (returned), prefixed by `prefix` so tests in one file never collide.
 */
export function createPlayer(mesh: TestMesh, prefix: string) {
  let played = 0;
  return async ({ country = 'GB', episodeId, listenerId, secondsPlayed = 60 }: PlayOptions = {}): Promise<string> => {
    const { podcasts, listeners } = mesh.domains;
    const episode = episodeId ? podcasts.store.episodeById.get(episodeId)! : podcasts.store.episodes[0]!;
    const podcast = podcasts.store.podcastById.get(episode.podcastId)!;
    const listener = listenerId ?? listeners.store.all[0]!.id;
    const id = `${prefix}-${++played}`;
    const occurredAt = new Date().toISOString();
    const value: PlayEvent = { playId: id, listenerId: listener, episodeId: episode.id, podcastId: podcast.id, hostArtistId: podcast.hostArtistId, secondsPlayed, device: 'WEB', country, occurredAt };
    await mesh.log.append(PLAYS_TOPIC.name, [toEventRecord({ key: listener, value, occurredAt, producer: 'test player', schemaVersion: PLAY_EVENT_VERSIONS[0]! })]);
    return id;
  };
}

/** A cursor at the end of `topic` now: a subscription after it gets every event appended from here on. */
export async function cursorAtEnd(log: EventLog, topic: string): Promise<string> {
  return topicCursor(topic, await log.endOffsets(topic));
}
