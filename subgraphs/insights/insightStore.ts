import { generateListeners, generatePlays, type DemoDataOptions } from '../../demo/data/index.ts';
import { createOrderedList, type OrderedList } from '../kit/index.ts';
import { ChartBook } from './chartBook.ts';
import { EngagementLedger, type Engagement } from './engagementLedger.ts';

export type EngagementOrderField = 'PLAYS' | 'SECONDS_PLAYED' | 'LAST_PLAYED_AT';

/** The top-charts and listener-engagement data products' state. */
export interface InsightStore {
  charts: ChartBook;
  engagement: EngagementLedger;
  /** Every listener's engagement, sortable; rebuilt when plays were counted since. */
  engagementList(): OrderedList<Engagement, EngagementOrderField>;
}

/** Builds the store by counting every registration and play of the demo world. */
export function createInsightStore(options: DemoDataOptions): InsightStore {
  const charts = new ChartBook();
  const engagement = new EngagementLedger();
  // Input ports: listener-profiles (registrations), then episode-plays.
  for (const listener of generateListeners(options)) engagement.register(listener.id);
  for (const play of generatePlays(options)) {
    charts.record(play);
    engagement.record(play);
  }
  let list: { builtAt: number; list: OrderedList<Engagement, EngagementOrderField> } | undefined;
  return {
    charts,
    engagement,
    engagementList() {
      if (list?.builtAt !== charts.playCount) {
        list = {
          builtAt: charts.playCount,
          list: createOrderedList<Engagement, EngagementOrderField>(
            'listenerEngagement',
            engagement.all(),
            {
              PLAYS: (e) => [e.plays, e.listenerId],
              SECONDS_PLAYED: (e) => [e.secondsPlayed, e.listenerId],
              LAST_PLAYED_AT: (e) => [e.occurredAt ?? '', e.listenerId],
            },
            { field: 'PLAYS', direction: 'DESC' },
          ),
        };
      }
      return list.list;
    },
  };
}
