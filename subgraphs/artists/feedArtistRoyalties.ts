import {
  CATALOG_TOPIC,
  decodeEpisodeReleased,
  decodePlay,
  PLAY_QUALITY_RULES,
  playRuleChecks,
  PLAYS_TOPIC,
  ROYALTIES_CHANGED_VERSIONS,
  ROYALTIES_TOPIC,
  type PlayEvent,
  type Recorded,
  type RoyaltiesChangedEvent,
} from '../../schema/events/index.ts';
import {
  createCheckpointStore,
  createQualityGate,
  createTopicConsumer,
  followReferences,
  toEventRecord,
  uniqueValues,
  type DomainRuntime,
  type HeldRecord,
} from '../kit/index.ts';
import { CURRENCY, isRoyaltySnapshot } from './royaltyLedger.ts';
import type { ArtistStore } from './artistStore.ts';
import type { RoyaltySnapshot } from './royaltyLedger.ts';

/** The consuming data product, as its consumer group and dead-letter topic name it. */
const CONSUMER = { domain: 'artists', product: 'artist-royalties' };

/** What a checkpoint of artist-royalties keeps: the totals, and the state of its quality checks that the totals depend on. */
type RoyaltyCheckpoint = RoyaltySnapshot & {
  /** Plays held in quarantine, waiting for their episode. */
  quarantine?: HeldRecord[];
  /** The most recent play ids counted, for the uniqueness rule. */
  recentPlayIds?: string[];
};

/**
 * Feeds artist-royalties from the plays input port: resumes from its checkpoint
 * (totals and the offsets they reflect, saved together) and replays the log
 * after it, so a restart loses nothing and counts nothing twice. Saves a
 * checkpoint every `checkpointIntervalMs` when plays were counted, and on close.
 *
 * Every play is checked against episode-plays' quality rules first, with
 * podcast-catalog's episodes (read from their topic) as the reference: a play
 * that breaks one is not counted; it goes to the dead-letter topic with the
 * rule named, or, when its episode is not known yet, waits in quarantine
 * (kept in the checkpoint) until the episode appears.
 */
export async function feedArtistRoyalties(runtime: DomainRuntime, store: ArtistStore, checkpointIntervalMs: number) {
  const { log, dataDir, logger } = runtime;
  const checkpoints = createCheckpointStore<RoyaltyCheckpoint>(dataDir, `${CONSUMER.domain}.${CONSUMER.product}`, { log, logger, isState: isRoyaltySnapshot });
  const saved = await checkpoints.load();
  // Without a checkpoint (or with one set aside as unusable), count from an empty ledger (a restart in the same process must not count twice).
  store.ledger.restore(saved?.state ?? { byArtist: [], byPodcast: [] });
  await Promise.all([log.createTopic(PLAYS_TOPIC), log.createTopic(ROYALTIES_TOPIC)]);
  const episodes = await followReferences({
    log,
    logger,
    topic: CATALOG_TOPIC,
    decode: decodeEpisodeReleased,
    keyOf: (episode) => episode.episodeId,
    occurredAt: (episode) => episode.occurredAt,
  });
  const uniquePlays = uniqueValues<Recorded<PlayEvent>>(PLAY_QUALITY_RULES.uniqueId, (play) => play.playId);
  uniquePlays.restore(saved?.state.recentPlayIds ?? []);
  const quality = createQualityGate<Recorded<PlayEvent>>({
    checks: [...playRuleChecks(episodes.table), uniquePlays],
    completeness: PLAY_QUALITY_RULES.requiredFields,
    conformity: PLAY_QUALITY_RULES.wellFormed,
  });
  const overflow = quality.restore(saved?.state.quarantine ?? [], decodePlay);
  if (overflow.length > 0) logger.warn('quarantine full: plays of the checkpoint dropped', { plays: overflow.length });
  // Changes are published once caught up: the catch-up replays history, it does not change it.
  let live = false;
  const publishChanges = async (artistIds: ReadonlySet<string>) => {
    const records = [...artistIds].map((artistId) => {
      const { plays, payablePlays, secondsPlayed, amountMicros, occurredAt } = store.ledger.artist(artistId);
      const value: RoyaltiesChangedEvent = { artistId, plays, payablePlays, secondsPlayed, amountMicros, currency: CURRENCY, occurredAt: occurredAt ?? new Date().toISOString() };
      return toEventRecord({ key: artistId, value, occurredAt: value.occurredAt, producer: 'artists', schemaVersion: ROYALTIES_CHANGED_VERSIONS.at(-1)! });
    });
    if (records.length === 0) return;
    await log.append(ROYALTIES_TOPIC.name, records);
    store.changesPublished += records.length;
  };
  const consumer = await createTopicConsumer({
    log,
    consumer: CONSUMER,
    topic: PLAYS_TOPIC.name,
    decode: decodePlay,
    apply: async (plays) => {
      for (const play of plays) store.ledger.record(play);
      if (plays.length > 0) store.leaderboard.invalidate();
      if (live) await publishChanges(new Set(plays.map((play) => play.hostArtistId)));
    },
    occurredAt: (play) => play.occurredAt,
    from: { kind: 'offsets', offsets: saved?.offsets[PLAYS_TOPIC.name] ?? {} },
    quality,
    logger,
  });
  await episodes.notify(consumer);
  store.consumer = consumer;
  store.checkpoints = checkpoints;
  store.references = episodes;
  await consumer.reader.caughtUp;
  live = true;
  logger.info('artist-royalties caught up with the plays', { resumedFromCheckpoint: saved !== undefined, artists: store.ledger.byArtist.size });

  let savedPositions = JSON.stringify(saved?.offsets[PLAYS_TOPIC.name] ?? {});
  const save = async () => {
    // Offsets and totals are taken between two batches, so they match.
    const { positions, state } = await consumer.snapshot((): RoyaltyCheckpoint | undefined =>
      JSON.stringify(consumer.positions()) === savedPositions
        ? undefined
        : { ...store.ledger.snapshot(), quarantine: quality.held(), recentPlayIds: uniquePlays.snapshot() },
    );
    if (!state) return;
    await checkpoints.save({ [PLAYS_TOPIC.name]: positions }, state);
    savedPositions = JSON.stringify(positions);
  };
  await save();
  const timer = setInterval(() => void save().catch((error: unknown) => logger.warn('checkpoint failed', { err: error })), checkpointIntervalMs);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await Promise.all([consumer.reader.close(), episodes.reader.close()]);
      await save();
    },
  };
}

