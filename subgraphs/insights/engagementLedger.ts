import type { Device } from '../../schema/index.ts';
import type { PlayEvent } from '../../schema/events/index.ts';
import { createRecordExpiry } from '../kit/index.ts';

/** What engagement needs of a play. */
export type EngagementPlay = Pick<PlayEvent, 'listenerId' | 'episodeId' | 'device' | 'secondsPlayed' | 'occurredAt'> & { recordedAt: string };

export type EngagementSegment = 'DORMANT' | 'CASUAL' | 'REGULAR' | 'SUPERFAN';

/** A listener's engagement as GraphQL serves it. */
export interface Engagement {
  listenerId: string;
  segment: EngagementSegment;
  plays: number;
  secondsPlayed: number;
  distinctEpisodes: number;
  favouriteDevice: Device | null;
  occurredAt: string | null;
  recordedAt: string | null;
}

/** The segment for a number of plays (see the `EngagementSegment` enum). */
export function segmentOf(plays: number): EngagementSegment {
  if (plays === 0) return 'DORMANT';
  if (plays < 5) return 'CASUAL';
  if (plays < 30) return 'REGULAR';
  return 'SUPERFAN';
}

interface Tally {
  plays: number;
  secondsPlayed: number;
  episodes: Set<string>;
  devices: Map<Device, number>;
  occurredAt: string | null;
  recordedAt: string | null;
}

const emptyTally = (): Tally => ({ plays: 0, secondsPlayed: 0, episodes: new Set(), devices: new Map(), occurredAt: null, recordedAt: null });

/** Per-listener engagement of every registered listener, built by counting registrations and plays one by one. */
export class EngagementLedger {
  private readonly tallies = new Map<string, Tally>();
  latestOccurredAt: string | undefined;
  /** Tallies by their latest play: past the retention, the listener counts as if they never played (DORMANT); a later play starts again from zero. */
  private readonly expiry = createRecordExpiry<Tally>({
    timeOf: (tally) => tally.occurredAt,
    expire: (expired) => {
      const gone = new Set(expired);
      for (const [listenerId, tally] of this.tallies) if (gone.has(tally)) this.tallies.set(listenerId, emptyTally());
    },
  });

  /** A listener registered: they count, as DORMANT, until they play. */
  register(listenerId: string): void {
    if (!this.tallies.has(listenerId)) this.tallies.set(listenerId, emptyTally());
  }

  record(play: EngagementPlay): void {
    let tally = this.tallies.get(play.listenerId);
    if (!tally) this.tallies.set(play.listenerId, (tally = emptyTally()));
    tally.plays++;
    tally.secondsPlayed += play.secondsPlayed;
    tally.episodes.add(play.episodeId);
    tally.devices.set(play.device, (tally.devices.get(play.device) ?? 0) + 1);
    if (!tally.occurredAt || play.occurredAt > tally.occurredAt) tally.occurredAt = play.occurredAt;
    if (!tally.recordedAt || play.recordedAt > tally.recordedAt) tally.recordedAt = play.recordedAt;
    if (!this.latestOccurredAt || play.occurredAt > this.latestOccurredAt) this.latestOccurredAt = play.occurredAt;
    if (tally.plays === 1) this.expiry.track([tally]);
  }

  /** Forgets the plays of listeners whose latest play was before `beforeMs`; returns how many listeners. */
  expireBefore(beforeMs: number): number {
    return this.expiry.expireBefore(beforeMs);
  }

  /** Engagement of one listener; DORMANT with zeros when they never played. */
  of(listenerId: string): Engagement {
    const tally = this.tallies.get(listenerId) ?? emptyTally();
    let favouriteDevice: Device | null = null;
    for (const [device, count] of tally.devices) {
      if (favouriteDevice === null || count > (tally.devices.get(favouriteDevice) ?? 0)) favouriteDevice = device;
    }
    return {
      listenerId,
      segment: segmentOf(tally.plays),
      plays: tally.plays,
      secondsPlayed: tally.secondsPlayed,
      distinctEpisodes: tally.episodes.size,
      favouriteDevice,
      occurredAt: tally.occurredAt,
      recordedAt: tally.recordedAt,
    };
  }

  /** Every listener registered or seen playing. */
  all(): Engagement[] {
    return [...this.tallies.keys()].map((id) => this.of(id));
  }

  get size(): number {
    return this.tallies.size;
  }
}
