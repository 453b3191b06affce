import type { PlayEvent } from '../../schema/events/index.ts';

/** What a chart needs of a play. */
export type ChartPlay = Pick<PlayEvent, 'episodeId' | 'listenerId' | 'country' | 'secondsPlayed' | 'occurredAt'> & { recordedAt: string };

/** Entries of a chart at most. */
export const CHART_SIZE = 100;

/** One ranked episode of a chart. */
export interface ChartEntry {
  rank: number;
  episodeId: string;
  plays: number;
  uniqueListeners: number;
  secondsPlayed: number;
  occurredAt: string;
  recordedAt: string;
}

/** Which plays a chart counts. */
export interface ChartScope {
  country?: string | null;
  from?: string | null;
  to?: string | null;
}

/**
 * Top charts of episodes by plays. Charts are computed on demand for a scope
 * and kept until the next play is recorded.
 */
export class ChartBook {
  private readonly plays: ChartPlay[] = [];
  private readonly cache = new Map<string, ChartEntry[]>();

  record(play: ChartPlay): void {
    this.plays.push(play);
    if (!this.latestOccurredAt || play.occurredAt > this.latestOccurredAt) this.latestOccurredAt = play.occurredAt;
    this.cache.clear();
  }

  get playCount(): number {
    return this.plays.length;
  }

  /** `occurredAt` of the newest play counted. */
  latestOccurredAt: string | undefined;

  chart(scope: ChartScope): ChartEntry[] {
    const key = JSON.stringify([scope.country ?? null, scope.from ?? null, scope.to ?? null]);
    let chart = this.cache.get(key);
    if (!chart) {
      chart = this.compute(scope);
      this.cache.set(key, chart);
    }
    return chart;
  }

  /** Rank of an episode in a chart, or null outside it. */
  rankOf(episodeId: string, scope: ChartScope): number | null {
    return this.chart(scope).find((entry) => entry.episodeId === episodeId)?.rank ?? null;
  }

  private compute({ country, from, to }: ChartScope): ChartEntry[] {
    const totals = new Map<string, { plays: number; listeners: Set<string>; secondsPlayed: number; occurredAt: string; recordedAt: string }>();
    for (const play of this.plays) {
      if ((country && play.country !== country) || (from && play.occurredAt < from) || (to && play.occurredAt >= to)) continue;
      let total = totals.get(play.episodeId);
      if (!total) {
        total = { plays: 0, listeners: new Set(), secondsPlayed: 0, occurredAt: play.occurredAt, recordedAt: play.recordedAt };
        totals.set(play.episodeId, total);
      }
      total.plays++;
      total.listeners.add(play.listenerId);
      total.secondsPlayed += play.secondsPlayed;
      if (play.occurredAt > total.occurredAt) total.occurredAt = play.occurredAt;
      if (play.recordedAt > total.recordedAt) total.recordedAt = play.recordedAt;
    }
    return [...totals]
      .sort(([idA, a], [idB, b]) => b.plays - a.plays || b.secondsPlayed - a.secondsPlayed || (idA < idB ? -1 : 1))
      .slice(0, CHART_SIZE)
      .map(([episodeId, t], index) => ({
        rank: index + 1,
        episodeId,
        plays: t.plays,
        uniqueListeners: t.listeners.size,
        secondsPlayed: t.secondsPlayed,
        occurredAt: t.occurredAt,
        recordedAt: t.recordedAt,
      }));
  }
}
