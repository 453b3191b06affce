import {
  CATALOG_TOPIC,
  CHART_CHANGED_VERSIONS,
  CHART_CHANGES_TOPIC,
  decodeEpisodeReleased,
  decodePlay,
  decodeRegistration,
  PLAY_QUALITY_RULES,
  playRuleChecks,
  PLAYS_TOPIC,
  REGISTRATIONS_TOPIC,
  type ChartChangedEvent,
  type PlayEvent,
  type Recorded,
} from '../../schema/events/index.ts';
import { createQualityGate, createTopicConsumer, followReferences, toEventRecord, uniqueValues, type DomainRuntime } from '../kit/index.ts';
import type { InsightStore } from './insightStore.ts';

/** The scope of the worldwide chart in chart changes. */
export const WORLD = 'WORLD';
/** How much of a chart a change event carries. */
const TOP_SIZE = 10;

/**
 * Feeds top-charts and listener-engagement from their input ports: every start
 * rebuilds them from the beginning of the plays and registrations topics (no
 * checkpoint: the state is cheap to recount), then follows both live.
 *
 * Every play is checked against episode-plays' quality rules first, with
 * podcast-catalog's episodes as the reference: a play that breaks one counts
 * in no chart and no engagement; it goes to the dead-letter topic with the
 * rule named, or waits in quarantine until its episode appears.
 */
export async function feedTopChartsAndEngagement(runtime: DomainRuntime, store: InsightStore) {
  const { log, logger } = runtime;
  store.reset();
  await Promise.all([log.createTopic(PLAYS_TOPIC), log.createTopic(REGISTRATIONS_TOPIC), log.createTopic(CHART_CHANGES_TOPIC)]);
  const from = { kind: 'earliest' } as const;
  const episodes = await followReferences({
    log,
    logger,
    topic: CATALOG_TOPIC,
    decode: decodeEpisodeReleased,
    keyOf: (episode) => episode.episodeId,
    occurredAt: (episode) => episode.occurredAt,
  });
  const quality = createQualityGate<Recorded<PlayEvent>>({
    checks: [...playRuleChecks(episodes.table), uniqueValues(PLAY_QUALITY_RULES.uniqueId, (play) => play.playId)],
    completeness: PLAY_QUALITY_RULES.requiredFields,
    conformity: PLAY_QUALITY_RULES.wellFormed,
  });
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
      quality,
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
  await episodes.notify(plays);
  store.consumers = { plays, registrations, episodes };
  await Promise.all([plays.reader.caughtUp, registrations.reader.caughtUp]);
  // Caught up: what the charts show now is the baseline; changes from here on are published.
  for (const scope of [WORLD, ...store.charts.countries()]) published.set(scope, topOf(scope).map((entry) => entry.episodeId).join(','));
  live = true;
  logger.info('insights caught up with plays and registrations', { plays: store.charts.playCount, listeners: store.engagement.size });
  return {
    async close() {
      await Promise.all([plays.reader.close(), registrations.reader.close(), episodes.reader.close()]);
    },
  };
}
