import { CHART_CHANGES_TOPIC, decodeChartChanged, type ChartChangedEvent } from '../../schema/events/index.ts';
import { pageOf, readSchemaFile, topicSubscriptionField, type DomainDefinition, type ListArgs } from '../kit/index.ts';
import type { ChartEntry, ChartScope } from './chartBook.ts';
import { listenerEngagement, topCharts } from './dataProducts.ts';
import type { Engagement, EngagementSegment } from './engagementLedger.ts';
import { InsightStore, type EngagementOrderField } from './insightStore.ts';
import { feedTopChartsAndEngagement, WORLD } from './feedTopChartsAndEngagement.ts';

const RANK_KEYS = { RANK: (entry: ChartEntry) => [entry.rank] };

/**
 * The insights domain: extends Episode and Listener, serves top-charts and
 * listener-engagement, built from the plays and registrations input ports.
 */
export function createInsightsDomain(): DomainDefinition & { store: InsightStore } {
  const store = new InsightStore();
  return {
    name: 'insights',
    description: 'Consumer-aligned views of listening: charts and listener engagement.',
    team: { name: 'Insights & Analytics', email: 'insights-team@meshgraph.example' },
    schema: readSchemaFile(new URL('./schema.graphql', import.meta.url)),
    store,
    resolvers: {
      Query: {
        topCharts: (_: unknown, args: ChartScope & ListArgs<'RANK'>) =>
          pageOf('topCharts', store.charts.chart(args), RANK_KEYS, { field: 'RANK', direction: 'ASC' }, { first: args.first, after: args.after }),
        listenerEngagement: (_: unknown, args: ListArgs<EngagementOrderField> & { segment?: EngagementSegment | null }) =>
          store.engagementList().page(args, (e) => !args.segment || e.segment === args.segment),
      },
      Subscription: {
        chartChanged: topicSubscriptionField<ChartChangedEvent, { country?: string | null; after?: string | null }>({
          topic: CHART_CHANGES_TOPIC.name,
          decode: decodeChartChanged,
          filter: (change, args) => change.scope === (args.country ?? WORLD),
          payload: (change, cursor) => ({ cursor, country: change.scope === WORLD ? null : change.scope, top: change.top, occurredAt: change.occurredAt }),
        }),
      },
      ChartPosition: { episode: (position: { episodeId: string }) => ({ id: position.episodeId }) },
      ChartEntry: { episode: (entry: ChartEntry) => ({ id: entry.episodeId }) },
      Episode: {
        chartRank: (episode: { id: string }, { country }: { country?: string | null }) => store.charts.rankOf(episode.id, { country }),
      },
      Listener: { engagement: (listener: { id: string }) => store.engagement.of(listener.id) },
      ListenerEngagement: { listener: (engagement: Engagement) => ({ id: engagement.listenerId }) },
    },
    dataProducts: [topCharts(store), listenerEngagement(store)],
    start: (runtime) => feedTopChartsAndEngagement(runtime, store),
  };
}
