import { decodePlay, decodeRegistration, PLAYS_TOPIC, REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import { createStreamConsumer, type DomainRuntime } from '../kit/index.ts';
import type { InsightStore } from './insightStore.ts';

/**
 * top-charts and listener-engagement from their input ports: every start
 * rebuilds them from the beginning of the plays and registrations topics (no
 * checkpoint: the state is cheap to recount), then follows both live.
 */
export async function streamInsights(runtime: DomainRuntime, store: InsightStore) {
  const { log, logger } = runtime;
  store.reset();
  await Promise.all([log.createTopic(PLAYS_TOPIC), log.createTopic(REGISTRATIONS_TOPIC)]);
  const from = { kind: 'earliest' } as const;
  const [plays, registrations] = await Promise.all([
    createStreamConsumer({
      log,
      consumer: { domain: 'insights', product: 'top-charts' },
      topic: PLAYS_TOPIC.name,
      decode: decodePlay,
      apply: (events) => store.recordPlays(events),
      occurredAt: (play) => play.occurredAt,
      from,
      logger,
    }),
    createStreamConsumer({
      log,
      consumer: { domain: 'insights', product: 'listener-engagement' },
      topic: REGISTRATIONS_TOPIC.name,
      decode: decodeRegistration,
      apply: (events) => store.registerListeners(events.map((e) => e.listenerId)),
      occurredAt: (registration) => registration.occurredAt,
      from,
      logger,
    }),
  ]);
  store.consumers = { plays, registrations };
  await Promise.all([plays.reader.caughtUp, registrations.reader.caughtUp]);
  logger.info('insights caught up with plays and registrations', { plays: store.charts.playCount, listeners: store.engagement.size });
  return {
    async close() {
      await Promise.all([plays.reader.close(), registrations.reader.close()]);
    },
  };
}
