import { decodePlay, PLAYS_TOPIC, ROYALTIES_CHANGED_VERSIONS, ROYALTIES_TOPIC, type RoyaltiesChangedEvent } from '../../schema/events/index.ts';
import { createCheckpointStore, createTopicConsumer, toEventRecord, type DomainRuntime } from '../kit/index.ts';
import { CURRENCY, isRoyaltySnapshot } from './royaltyLedger.ts';
import type { ArtistStore } from './artistStore.ts';
import type { RoyaltySnapshot } from './royaltyLedger.ts';

/** The consuming data product, as its consumer group and dead-letter topic name it. */
const CONSUMER = { domain: 'artists', product: 'artist-royalties' };

/**
 * Feeds artist-royalties from the plays input port: resumes from its checkpoint
 * (totals and the offsets they reflect, saved together) and replays the log
 * after it, so a restart loses nothing and counts nothing twice. Saves a
 * checkpoint every `checkpointIntervalMs` when plays were counted, and on close.
 */
export async function feedArtistRoyalties(runtime: DomainRuntime, store: ArtistStore, checkpointIntervalMs: number) {
  const { log, dataDir, logger } = runtime;
  const checkpoints = createCheckpointStore<RoyaltySnapshot>(dataDir, `${CONSUMER.domain}.${CONSUMER.product}`, { log, logger, isState: isRoyaltySnapshot });
  const saved = await checkpoints.load();
  // Without a checkpoint (or with one set aside as unusable), count from an empty ledger (a restart in the same process must not count twice).
  store.ledger.restore(saved?.state ?? { byArtist: [], byPodcast: [] });
  await Promise.all([log.createTopic(PLAYS_TOPIC), log.createTopic(ROYALTIES_TOPIC)]);
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
    logger,
  });
  store.consumer = consumer;
  await consumer.reader.caughtUp;
  live = true;
  logger.info('artist-royalties caught up with the plays', { resumedFromCheckpoint: saved !== undefined, artists: store.ledger.byArtist.size });

  let savedPositions = JSON.stringify(saved?.offsets[PLAYS_TOPIC.name] ?? {});
  const save = async () => {
    // Offsets and totals are taken in one synchronous step, so they match.
    const positions = consumer.positions();
    const snapshot = store.ledger.snapshot();
    if (JSON.stringify(positions) === savedPositions) return;
    await checkpoints.save({ [PLAYS_TOPIC.name]: positions }, snapshot);
    savedPositions = JSON.stringify(positions);
  };
  await save();
  const timer = setInterval(() => void save().catch((error: unknown) => logger.warn('checkpoint failed', { err: error })), checkpointIntervalMs);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await consumer.reader.close();
      await save();
    },
  };
}

