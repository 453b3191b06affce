import type { PlayEvent } from '../../schema/events/index.ts';
import { createRecordExpiry } from '../kit/index.ts';

/** What the ledger needs of a play. */
export type RoyaltyPlay = Pick<PlayEvent, 'podcastId' | 'hostArtistId' | 'secondsPlayed' | 'occurredAt'> & { recordedAt: string };

/** The ledger's state as a checkpoint saves it. */
export interface RoyaltySnapshot {
  byArtist: [string, RoyaltyTotals][];
  byPodcast: [string, RoyaltyTotals][];
  latestOccurredAt?: string;
}

const isTotals = (value: unknown): value is RoyaltyTotals => {
  const totals = value as Partial<RoyaltyTotals> | null;
  return (
    typeof totals === 'object' &&
    totals !== null &&
    [totals.plays, totals.payablePlays, totals.secondsPlayed, totals.amountMicros].every((n) => Number.isSafeInteger(n) && (n as number) >= 0) &&
    [totals.occurredAt, totals.recordedAt].every((at) => at === null || typeof at === 'string')
  );
};
const isEntries = (value: unknown) => Array.isArray(value) && value.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && isTotals(entry[1]));

/** Whether `value` is a `RoyaltySnapshot`, e.g. the state of a checkpoint read back from a file. */
export function isRoyaltySnapshot(value: unknown): value is RoyaltySnapshot {
  const snapshot = value as Partial<RoyaltySnapshot> | null;
  return (
    typeof snapshot === 'object' &&
    snapshot !== null &&
    isEntries(snapshot.byArtist) &&
    isEntries(snapshot.byPodcast) &&
    (snapshot.latestOccurredAt === undefined || typeof snapshot.latestOccurredAt === 'string')
  );
}

/** A play shorter than this (in seconds) is a skip and pays nothing. */
export const PAYABLE_SECONDS = 30;
/** What a payable play earns, in millionths of `CURRENCY`. */
export const RATE_MICROS = 4_000;
export const CURRENCY = 'USD';

/** Running royalty totals of one artist or one podcast. */
export interface RoyaltyTotals {
  plays: number;
  payablePlays: number;
  secondsPlayed: number;
  amountMicros: number;
  occurredAt: string | null;
  recordedAt: string | null;
}

const empty = (): RoyaltyTotals => ({ plays: 0, payablePlays: 0, secondsPlayed: 0, amountMicros: 0, occurredAt: null, recordedAt: null });

/** Royalties as GraphQL serves them (amount in currency units, rounded to cents). */
export function toRoyalties(totals: RoyaltyTotals) {
  return {
    ...totals,
    amount: Math.round(totals.amountMicros / 10_000) / 100,
    currency: CURRENCY,
    ratePerPlay: RATE_MICROS / 1_000_000,
  };
}

/** Royalty totals per host artist and per podcast, built by counting plays one by one. */
export class RoyaltyLedger {
  readonly byArtist = new Map<string, RoyaltyTotals>();
  readonly byPodcast = new Map<string, RoyaltyTotals>();
  /** `occurredAt` of the newest play counted. */
  latestOccurredAt: string | undefined;
  /**
   * The totals by their latest play, for the kit to expire those past
   * artist-royalties' retention: totals whose plays are all older are
   * dropped (read as no plays); a later play starts them again from zero.
   */
  readonly expiry = createRecordExpiry<RoyaltyTotals>({ timeOf: (totals) => totals.occurredAt, expire: (totals) => this.remove(new Set(totals)) });

  /** Counts one play for the show's host and for the show. */
  record(play: RoyaltyPlay): void {
    if (!this.latestOccurredAt || play.occurredAt > this.latestOccurredAt) this.latestOccurredAt = play.occurredAt;
    for (const [map, key] of [[this.byArtist, play.hostArtistId], [this.byPodcast, play.podcastId]] as const) {
      let totals = map.get(key);
      if (!totals) map.set(key, (totals = empty()));
      totals.plays++;
      totals.secondsPlayed += play.secondsPlayed;
      if (play.secondsPlayed >= PAYABLE_SECONDS) {
        totals.payablePlays++;
        totals.amountMicros += RATE_MICROS;
      }
      if (!totals.occurredAt || play.occurredAt > totals.occurredAt) totals.occurredAt = play.occurredAt;
      if (!totals.recordedAt || play.recordedAt > totals.recordedAt) totals.recordedAt = play.recordedAt;
      if (totals.plays === 1) this.expiry.track([totals]);
    }
  }

  private remove(gone: ReadonlySet<RoyaltyTotals>): void {
    for (const map of [this.byArtist, this.byPodcast]) for (const [id, totals] of map) if (gone.has(totals)) map.delete(id);
  }

  snapshot(): RoyaltySnapshot {
    return { byArtist: [...this.byArtist], byPodcast: [...this.byPodcast], latestOccurredAt: this.latestOccurredAt };
  }

  /** Replaces the ledger's totals with a snapshot's. */
  restore(snapshot: RoyaltySnapshot): void {
    this.byArtist.clear();
    this.byPodcast.clear();
    for (const [id, totals] of snapshot.byArtist) this.byArtist.set(id, { ...totals });
    for (const [id, totals] of snapshot.byPodcast) this.byPodcast.set(id, { ...totals });
    this.latestOccurredAt = snapshot.latestOccurredAt;
    this.expiry.clear();
    this.expiry.track([...this.byArtist.values(), ...this.byPodcast.values()]);
  }

  artist(id: string): RoyaltyTotals {
    return this.byArtist.get(id) ?? empty();
  }

  podcast(id: string): RoyaltyTotals {
    return this.byPodcast.get(id) ?? empty();
  }
}
