import { createOrderedList, type InputFigure, type OrderedList, type TopicConsumer } from '../kit/index.ts';
import { ChartBook, type ChartPlay } from './chartBook.ts';
import { EngagementLedger, type Engagement, type EngagementPlay } from './engagementLedger.ts';

export type EngagementOrderField = 'PLAYS' | 'SECONDS_PLAYED' | 'LAST_PLAYED_AT';

/** The top-charts and listener-engagement data products' state, fed by plays and registrations. */
export class InsightStore {
  charts = new ChartBook();
  engagement = new EngagementLedger();
  /** The input consumers, once they run. */
  consumers?: { plays: TopicConsumer; registrations: TopicConsumer; /** podcast-catalog's episodes, which plays are checked against */ episodes: { input(): InputFigure } };
  /** Chart changes published on top-charts' topic since start. */
  chartChangesPublished = 0;
  private changes = 0;
  /** top-charts' entries by their latest play, for the kit to expire those past the product's retention. */
  readonly chartExpiry = { expireBefore: (beforeMs: number) => this.changed(this.charts.expireBefore(beforeMs)) };
  /** listener-engagement's tallies by their latest play, for the kit to expire those past the product's retention. */
  readonly engagementExpiry = { expireBefore: (beforeMs: number) => this.changed(this.engagement.expireBefore(beforeMs)) };
  private list: { builtAt: number; list: OrderedList<Engagement, EngagementOrderField> } | undefined;

  /** Counts `expired` records as a change (the engagement list is rebuilt); returns it. */
  private changed(expired: number): number {
    this.changes += expired;
    return expired;
  }

  /** Forgets everything counted, before a rebuild from the log. */
  reset(): void {
    this.charts = new ChartBook();
    this.engagement = new EngagementLedger();
    this.changes++;
  }

  recordPlays(plays: readonly (ChartPlay & EngagementPlay)[]): void {
    for (const play of plays) {
      this.charts.record(play);
      this.engagement.record(play);
    }
    this.changes += plays.length;
  }

  registerListeners(listenerIds: readonly string[]): void {
    for (const id of listenerIds) this.engagement.register(id);
    this.changes += listenerIds.length;
  }

  /** Every listener's engagement, sortable; rebuilt when plays or registrations were counted since. */
  engagementList(): OrderedList<Engagement, EngagementOrderField> {
    if (this.list?.builtAt !== this.changes) {
      this.list = {
        builtAt: this.changes,
        list: createOrderedList<Engagement, EngagementOrderField>(
          'listenerEngagement',
          this.engagement.all(),
          {
            PLAYS: (e) => [e.plays, e.listenerId],
            SECONDS_PLAYED: (e) => [e.secondsPlayed, e.listenerId],
            LAST_PLAYED_AT: (e) => [e.occurredAt ?? '', e.listenerId],
          },
          { field: 'PLAYS', direction: 'DESC' },
        ),
      };
    }
    return this.list.list;
  }
}
