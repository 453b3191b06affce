import { CHART_CHANGES_TOPIC } from '../../schema/events/index.ts';
import { dataProductUrn } from '../../schema/index.ts';
import { inputFigures, type DataProductDefinition } from '../kit/index.ts';
import type { InsightStore } from './insightStore.ts';

const OWNER = { name: 'Priya Raman', email: 'priya.raman@meshgraph.example' };
const PLAYS = {
  kind: 'dataProduct',
  name: 'plays',
  urn: dataProductUrn('podcasts', 'episode-plays', '1.0.0'),
  description: 'Each play is checked against the quality rules of episode-plays\' contract before it counts.',
} as const;
const EPISODES = { kind: 'dataProduct', name: 'episodes', urn: dataProductUrn('podcasts', 'podcast-catalog', '1.0.0'), description: 'The episodes plays must refer to.' } as const;

/** top-charts: the most played episodes by country and period. */
export function topCharts(store: InsightStore): DataProductDefinition {
  return {
    name: 'top-charts',
    version: '1.0.0',
    kind: 'CONSUMER_ALIGNED',
    description: {
      purpose: 'The most played episodes, worldwide or by country, over any period: what is hot right now.',
      usage: 'Power chart pages and editorial picks; follow each entry to the episode, its show and its host through polysemes.',
      limitations: 'Counts every play including skips; 100 entries at most; a chart reflects plays counted so far.',
    },
    owner: OWNER,
    tags: ['charts', 'top', 'popular', 'trending', 'episodes', 'plays'],
    inputPorts: [PLAYS, EPISODES],
    outputPorts: [
      { kind: 'query', name: 'top-charts', field: 'Query.topCharts' },
      { kind: 'subscription', name: 'chart-changed', field: 'Subscription.chartChanged', description: 'A chart\'s new top 10 when it changes, resumable with a cursor.' },
      { kind: 'topic', name: 'chart-changes', topic: CHART_CHANGES_TOPIC.name, description: 'Each chart\'s new top 10 when it changes, keyed by scope (compacted).' },
    ],
    slos: { freshness: 'PT5M', availability: 0.995, completeness: 0.99, validity: 0.99, intervalOfChange: 'PT1M' },
    classification: { default: 'public' },
    retention: 'P1Y',
    terms: { usage: 'May be shown to listeners in the product.', license: 'Proprietary, internal use only' },
    // Charts hold no personal data: a request to show or analyse them needs no owner's decision.
    access: { autoApprove: ['charts', 'analytics'] },
    measure: () => ({
      recordCount: store.charts.chart({}).length,
      lastEventAt: store.charts.latestOccurredAt,
      ...(store.consumers ? { ...inputFigures(store.consumers.plays, store.consumers.episodes), eventsOut: store.chartChangesPublished } : {}),
    }),
    expiry: store.chartExpiry,
  };
}

/** listener-engagement: how much each listener listens, and their segment. */
export function listenerEngagement(store: InsightStore): DataProductDefinition {
  return {
    name: 'listener-engagement',
    version: '1.0.0',
    kind: 'CONSUMER_ALIGNED',
    description: {
      purpose: 'How engaged each listener is: plays, listening time, distinct episodes, favourite device and segment from dormant to superfan.',
      usage: 'Target campaigns and personalization by segment; join with listener profiles through the Listener polyseme.',
      limitations: 'Built from plays only; a listener who never played is DORMANT. Segments use fixed thresholds of plays.',
    },
    owner: OWNER,
    tags: ['engagement', 'listeners', 'segments', 'retention', 'plays'],
    inputPorts: [PLAYS, { kind: 'dataProduct', name: 'listeners', urn: dataProductUrn('listeners', 'listener-profiles', '1.0.0') }],
    outputPorts: [{ kind: 'query', name: 'listener-engagement', field: 'Query.listenerEngagement' }],
    slos: { freshness: 'PT5M', availability: 0.995, completeness: 0.99, validity: 0.99, intervalOfChange: 'PT1M' },
    classification: { default: 'internal', fields: { 'ListenerEngagement.listener': 'confidential' } },
    retention: 'P1Y',
    terms: { usage: 'Marketing and personalization; honour listeners\' marketing consent.', license: 'Proprietary, internal use only' },
    measure: () => ({
      recordCount: store.engagement.size,
      lastEventAt: store.engagement.latestOccurredAt,
      ...(store.consumers
        ? {
            deadLetters: store.consumers.registrations.figures().deadLetters,
            inputs: [store.consumers.plays.input(), store.consumers.registrations.input()],
            // Counted from the same checked plays as top-charts.
            ...(store.consumers.plays.figures().quality ? { quality: store.consumers.plays.figures().quality } : {}),
          }
        : {}),
    }),
    expiry: store.engagementExpiry,
  };
}
