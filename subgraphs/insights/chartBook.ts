import type { PlayEvent } from '../../schema/events/index.ts';
import { createRecordExpiry, removeFrom } from '../kit/index.ts';

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

interface Totals {
  /** The chart the totals are of (a country, or worldwide) and their episode. */
  scope: string;
  episodeId: string;
  plays: number;
  listeners: Set<string>;
  secondsPlayed: number;
  occurredAt: string;
  recordedAt: string;
}

const WORLDWIDE = '';

function accumulate(totals: Map<string, Totals>, play: ChartPlay, scope: string): Totals {
  let total = totals.get(play.episodeId);
  if (!total) {
    total = { scope, episodeId: play.episodeId, plays: 0, listeners: new Set(), secondsPlayed: 0, occurredAt: play.occurredAt, recordedAt: play.recordedAt };
    totals.set(play.episodeId, total);
  }
  total.plays++;
  total.listeners.add(play.listenerId);
  total.secondsPlayed += play.secondsPlayed;
  if (play.occurredAt > total.occurredAt) total.occurredAt = play.occurredAt;
  if (play.recordedAt > total.recordedAt) total.recordedAt = play.recordedAt;
  return total;
}

/** True when `a` ranks above `b`: more plays, then more listening time, then the smaller id. */
const ranksAbove = ([idA, a]: [string, Totals], [idB, b]: [string, Totals]) =>
  a.plays !== b.plays ? a.plays > b.plays : a.secondsPlayed !== b.secondsPlayed ? a.secondsPlayed > b.secondsPlayed : idA < idB;

/** The top `CHART_SIZE` of the totals, ranked; a bounded insertion, as most episodes never reach the chart. */
function rank(totals: ReadonlyMap<string, Totals>): ChartEntry[] {
  const top: [string, Totals][] = [];
  for (const entry of totals) {
    if (top.length === CHART_SIZE && !ranksAbove(entry, top[CHART_SIZE - 1]!)) continue;
    let at = top.length;
    while (at > 0 && ranksAbove(entry, top[at - 1]!)) at--;
    top.splice(at, 0, entry);
    if (top.length > CHART_SIZE) top.pop();
  }
  return top.map(([episodeId, t], index) => ({
    rank: index + 1,
    episodeId,
    plays: t.plays,
    uniqueListeners: t.listeners.size,
    secondsPlayed: t.secondsPlayed,
    occurredAt: t.occurredAt,
    recordedAt: t.recordedAt,
  }));
}

/**
 * Top charts of episodes by plays. All-time charts (worldwide and per
 * country) are kept up to date play by play and re-ranked only when asked
 * after a change; charts of a time range are counted from the plays on
 * demand and kept until the next play.
 */
export class ChartBook {
  private readonly plays: ChartPlay[] = [];
  private readonly allTime = new Map<string, Map<string, Totals>>([[WORLDWIDE, new Map()]]);
  private readonly ranked = new Map<string, ChartEntry[]>();
  private readonly ranges = new Map<string, ChartEntry[]>();
  /** `occurredAt` of the newest play counted. */
  latestOccurredAt: string | undefined;
  /** Each chart's totals of an episode by its latest play: past the retention, the episode leaves that chart. */
  private readonly totalsExpiry = createRecordExpiry<Totals>({
    timeOf: (totals) => totals.occurredAt,
    expire: (expired) => {
      for (const totals of expired) {
        const chart = this.allTime.get(totals.scope);
        if (chart?.get(totals.episodeId) === totals) chart.delete(totals.episodeId);
      }
      this.ranked.clear();
      this.ranges.clear();
    },
  });
  /** The plays kept for charts of a time range, which count none past the retention either. */
  private readonly playsExpiry = createRecordExpiry<ChartPlay>({
    timeOf: (play) => play.occurredAt,
    expire: (expired) => {
      removeFrom(this.plays, new Set(expired));
      this.ranges.clear();
    },
  });

  record(play: ChartPlay): void {
    this.plays.push(play);
    this.playsExpiry.track([play]);
    if (!this.latestOccurredAt || play.occurredAt > this.latestOccurredAt) this.latestOccurredAt = play.occurredAt;
    let country = this.allTime.get(play.country);
    if (!country) this.allTime.set(play.country, (country = new Map()));
    const totals = [accumulate(this.allTime.get(WORLDWIDE)!, play, WORLDWIDE), accumulate(country, play, play.country)];
    this.totalsExpiry.track(totals.filter((total) => total.plays === 1));
    this.ranked.delete(WORLDWIDE);
    this.ranked.delete(play.country);
    this.ranges.clear();
  }

  /** Countries with plays, i.e. with an all-time chart. */
  countries(): string[] {
    return [...this.allTime.keys()].filter((key) => key !== WORLDWIDE);
  }

  get playCount(): number {
    return this.plays.length;
  }

  chart(scope: ChartScope): ChartEntry[] {
    if (!scope.from && !scope.to) {
      const key = scope.country ?? WORLDWIDE;
      let chart = this.ranked.get(key);
      if (!chart) {
        chart = rank(this.allTime.get(key) ?? new Map());
        this.ranked.set(key, chart);
      }
      return chart;
    }
    const key = JSON.stringify([scope.country ?? null, scope.from ?? null, scope.to ?? null]);
    let chart = this.ranges.get(key);
    if (!chart) {
      const totals = new Map<string, Totals>();
      for (const play of this.plays) {
        if ((scope.country && play.country !== scope.country) || (scope.from && play.occurredAt < scope.from) || (scope.to && play.occurredAt >= scope.to)) continue;
        accumulate(totals, play, key);
      }
      chart = rank(totals);
      this.ranges.set(key, chart);
    }
    return chart;
  }

  /** Drops what last changed before `beforeMs`: chart entries and the plays kept for ranges; returns how many entries. */
  expireBefore(beforeMs: number): number {
    this.playsExpiry.expireBefore(beforeMs);
    return this.totalsExpiry.expireBefore(beforeMs);
  }

  /** Rank of an episode in a chart, or null outside it. */
  rankOf(episodeId: string, scope: ChartScope): number | null {
    return this.chart(scope).find((entry) => entry.episodeId === episodeId)?.rank ?? null;
  }
}
