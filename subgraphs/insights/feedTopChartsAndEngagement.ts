import {
  CHART_CHANGED_VERSIONS,
  CHART_CHANGES_TOPIC,
  decodePlay,
  decodeRegistration,
  PLAYS_TOPIC,
  REGISTRATIONS_TOPIC,
  type ChartChangedEvent,
} from '../../schema/events/index.ts';
import { createTopicConsumer, toEventRecord, type DomainRuntime } from '../kit/index.ts';
import type { InsightStore } from './insightStore.ts';

/** The scope of the worldwide chart in chart changes. */
export const WORLD = 'WORLD';
/** How much of a chart a change event carries. */
const TOP_SIZE = 10;

/**
 * Feeds top-charts and listener-engagement from their input ports: every start
 * rebuilds them from the beginning of the plays and registrations topics (no
 * checkpoint: the state is cheap to recount), then follows both live.
 */
export async function feedTopChartsAndEngagement(runtime: DomainRuntime, store: InsightStore) {
  const { log, logger } = runtime;
  store.reset();
  await Promise.all([log.createTopic(PLAYS_TOPIC), log.createTopic(REGISTRATIONS_TOPIC), log.createTopic(CHART_CHANGES_TOPIC)]);
  const from = { kind: 'earliest' } as const;
  // The top of each chart as last published: a change is published only when who is in it, or their order, changes.
  const published = new Map<string, string>();
  let live = false;
  const topOf = (scope: string) =>
    store.charts.chart({ country: scope === WORLD ? null : scope }).slice(0, TOP_SIZE).map(({ rank, episodeId, plays }) => ({ rank, episodeId, plays }));
  const publishChanges = async (scopes: ReadonlySet<string>) => {
    const changes: ChartChangedEvent[] = [];
    for (const scope of scopes) {
      const top = topOf(scope);
      const signature = top.map((entry) => entry.episodeId).join(',');
      if (published.get(scope) === signature) continue;
      published.set(scope, signature);
      changes.push({ scope, top, occurredAt: store.charts.latestOccurredAt ?? new Date().toISOString() });
    }
    if (changes.length === 0) return;
    store.chartChangesPublished += changes.length;
    await log.append(
      CHART_CHANGES_TOPIC.name,
      changes.map((change) => toEventRecord({ key: change.scope, value: change, occurredAt: change.occurredAt, producer: 'insights', schemaVersion: CHART_CHANGED_VERSIONS.at(-1)! })),
    );
  };
  const [plays, registrations] = await Promise.all([
    createTopicConsumer({
      log,
      consumer: { domain: 'insights', product: 'top-charts' },
      topic: PLAYS_TOPIC.name,
      decode: decodePlay,
      apply: async (events) => {
        store.recordPlays(events);
        if (live && events.length > 0) await publishChanges(new Set([WORLD, ...events.map((play) => play.country)]));
      },
      occurredAt: (play) => play.occurredAt,
      from,
      logger,
    }),
    createTopicConsumer({
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
  // Caught up: what the charts show now is the baseline; changes from here on are published.
  for (const scope of [WORLD, ...store.charts.countries()]) published.set(scope, topOf(scope).map((entry) => entry.episodeId).join(','));
  live = true;
  logger.info('insights caught up with plays and registrations', { plays: store.charts.playCount, listeners: store.engagement.size });
  return {
    async close() {
      await Promise.all([plays.reader.close(), registrations.reader.close()]);
    },
  };
}
