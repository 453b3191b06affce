import { createRandom, generatePlays, type DemoDataOptions, type PlayRecord } from '../../demo/data/index.ts';
import { simulatePlay, startTicker } from '../../demo/simulator/index.ts';
import { decodePlay, EventRejected, PLAY_EVENT_VERSIONS, PLAYS_TOPIC, type PlayEvent, type Recorded } from '../../schema/events/index.ts';
import type { StartFrom } from '../../streams/index.ts';
import type { DomainRuntime } from '../kit/index.ts';
import { appendAll, toEventRecord } from '../kit/index.ts';
import type { PodcastStore } from './podcastStore.ts';

const toRecord = (play: PlayRecord) =>
  toEventRecord({
    key: play.listenerId,
    value: {
      playId: play.id, listenerId: play.listenerId, episodeId: play.episodeId, podcastId: play.podcastId, hostArtistId: play.hostArtistId,
      secondsPlayed: play.secondsPlayed, device: play.device, country: play.country, occurredAt: play.occurredAt,
    } satisfies PlayEvent,
    occurredAt: play.occurredAt,
    recordedAt: play.recordedAt,
    producer: 'podcasts',
    schemaVersion: PLAY_EVENT_VERSIONS.at(-1)!,
  });

/** A decoded play event as the store keeps it. */
export const toPlay = (e: Recorded<PlayEvent>): PlayRecord => ({
  id: e.playId, listenerId: e.listenerId, episodeId: e.episodeId, podcastId: e.podcastId, hostArtistId: e.hostArtistId,
  secondsPlayed: e.secondsPlayed, device: e.device, country: e.country, occurredAt: e.occurredAt, recordedAt: e.recordedAt,
});

/**
 * episode-plays on the event log: writes the demo world's history once (into
 * an empty topic), materializes the store from the topic (so a restart has
 * every play), then simulates the player apps at `playsPerSecond`.
 */
export async function streamPlays(runtime: DomainRuntime, store: PodcastStore, data: DemoDataOptions, playsPerSecond: number) {
  const { log, logger } = runtime;
  await log.createTopic(PLAYS_TOPIC);
  let from: StartFrom = { kind: 'earliest' };
  if ((await log.endOffsets(PLAYS_TOPIC.name)).every((end) => end === 0)) {
    const history = generatePlays(data);
    from = await appendAll(log, PLAYS_TOPIC.name, history, toRecord);
    // The store takes the history as written, and reads on from where it ends.
    store.addPlays(history);
    logger.info('wrote the history of plays to the log', { topic: PLAYS_TOPIC.name, plays: history.length });
  }
  const reader = await log.read({
    topic: PLAYS_TOPIC.name,
    from,
    onBatch: (records) => {
      const plays: PlayRecord[] = [];
      for (const record of records) {
        try {
          plays.push(toPlay(decodePlay(record)));
        } catch (error) {
          if (!(error instanceof EventRejected)) throw error;
          logger.warn('skipped a record of its own topic that is not a play', { topic: record.topic, partition: record.partition, offset: record.offset, reason: error.reason });
        }
      }
      store.addPlays(plays);
    },
  });
  await reader.caughtUp;
  logger.info('episode-plays materialized from the log', { plays: store.plays.length });

  const random = createRandom(`${data.seed ?? 'meshgraph'}:simulation:${Date.now()}`);
  const templates = playsPerSecond > 0 ? store.plays.slice() : [];
  let next = store.plays.length + 1;
  const ticker =
    playsPerSecond > 0 && templates.length > 0
      ? startTicker(
          playsPerSecond,
          async (count) => {
            const plays = Array.from({ length: count }, () => simulatePlay(random, templates, (id) => store.episodeById.get(id)?.durationSeconds ?? 60, next++));
            await log.append(PLAYS_TOPIC.name, plays.map(toRecord));
          },
          (error) => logger.warn('simulated plays could not be appended; retrying on the next tick', { error: error instanceof Error ? error.message : String(error) }),
        )
      : undefined;
  if (ticker) logger.info('simulating the player apps', { playsPerSecond });
  return {
    async close() {
      ticker?.stop();
      await reader.close();
    },
  };
}
