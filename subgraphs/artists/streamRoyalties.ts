import { decodePlay, PLAYS_TOPIC } from '../../schema/events/index.ts';
import { createCheckpointStore, createStreamConsumer, type DomainRuntime } from '../kit/index.ts';
import type { ArtistStore } from './artistStore.ts';
import type { RoyaltySnapshot } from './royaltyLedger.ts';

/** The consuming data product, as its consumer group and dead-letter topic name it. */
const CONSUMER = { domain: 'artists', product: 'artist-royalties' };

/**
 * artist-royalties from the plays input port: resumes from its checkpoint
 * (totals and the offsets they reflect, saved together) and replays the log
 * after it, so a restart loses nothing and counts nothing twice. Saves a
 * checkpoint every `checkpointIntervalMs` when plays were counted, and on close.
 */
export async function streamRoyalties(runtime: DomainRuntime, store: ArtistStore, checkpointIntervalMs: number) {
  const { log, dataDir, logger } = runtime;
  const checkpoints = createCheckpointStore<RoyaltySnapshot>(dataDir, `${CONSUMER.domain}.${CONSUMER.product}`);
  const saved = await checkpoints.load();
  // Without a checkpoint, count from an empty ledger (a restart in the same process must not count twice).
  store.ledger.restore(saved?.state ?? { byArtist: [], byPodcast: [] });
  await log.createTopic(PLAYS_TOPIC);
  const consumer = await createStreamConsumer({
    log,
    consumer: CONSUMER,
    topic: PLAYS_TOPIC.name,
    decode: decodePlay,
    apply: (plays) => {
      for (const play of plays) store.ledger.record(play);
      if (plays.length > 0) store.leaderboard.invalidate();
    },
    occurredAt: (play) => play.occurredAt,
    from: { kind: 'offsets', offsets: saved?.offsets[PLAYS_TOPIC.name] ?? {} },
    logger,
  });
  store.consumer = consumer;
  await consumer.reader.caughtUp;
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
  const timer = setInterval(() => void save().catch((error: unknown) => logger.warn('checkpoint failed', { error: String(error) })), checkpointIntervalMs);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await consumer.reader.close();
      await save();
    },
  };
}

