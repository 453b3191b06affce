import { createOrderedList, createRecordExpiry, removeFrom, type CheckpointFigures, type DataProductDefinition, type InputFigure, type OrderedList, type TopicConsumer } from '../kit/index.ts';
import type { ArtistRecord } from './ArtistRecord.ts';
import { RoyaltyLedger } from './royaltyLedger.ts';

export type ArtistOrderField = 'NAME' | 'JOINED_AT' | 'DEBUT_YEAR';
export type RoyaltyOrderField = 'AMOUNT' | 'PLAYS';

/** The artist-profiles records and the artist-royalties ledger. */
export interface ArtistStore {
  artists: ArtistRecord[];
  byId: Map<string, ArtistRecord>;
  ledger: RoyaltyLedger;
  artistList: OrderedList<ArtistRecord, ArtistOrderField>;
  leaderboard: OrderedList<ArtistRecord, RoyaltyOrderField>;
  /** Store calls made by entity loading; tests count them. */
  batchLoads: number;
  /** The plays consumer, once it runs. */
  consumer?: TopicConsumer;
  /** The reader of podcast-catalog's episodes, which plays are checked against, once it runs. */
  references?: { input(): InputFigure };
  /** artist-royalties' checkpoints, once the plays consumer runs: what was set aside shows in its figures. */
  checkpoints?: { figures(): CheckpointFigures };
  /** Royalty changes published on the product's topic since start. */
  changesPublished: number;
  /** artist-profiles' artists by when they joined, for the kit to expire those past the product's retention. */
  profileExpiry: NonNullable<DataProductDefinition['expiry']>;
  /** artist-royalties' totals by their latest play, for the kit to expire those past the product's retention. */
  royaltyExpiry: NonNullable<DataProductDefinition['expiry']>;
}

/** Builds the store over the artists' profiles; royalties are counted as plays arrive from the log. */
export function createArtistStore(profiles: readonly ArtistRecord[]): ArtistStore {
  const ledger = new RoyaltyLedger();
  const artists = [...profiles];
  const byId = new Map(artists.map((a) => [a.id, a]));
  const artistList = createOrderedList<ArtistRecord, ArtistOrderField>(
    'artists',
    artists,
    { NAME: (a) => [a.name, a.id], JOINED_AT: (a) => [a.occurredAt, a.id], DEBUT_YEAR: (a) => [a.debutYear, a.id] },
    { field: 'NAME', direction: 'ASC' },
  );
  const leaderboard = createOrderedList<ArtistRecord, RoyaltyOrderField>(
    'royaltyLeaderboard',
    artists,
    { AMOUNT: (a) => [ledger.artist(a.id).amountMicros, a.id], PLAYS: (a) => [ledger.artist(a.id).plays, a.id] },
    { field: 'AMOUNT', direction: 'DESC' },
  );
  const profileExpiry = createRecordExpiry<ArtistRecord>({
    timeOf: (artist) => artist.occurredAt,
    expire: (expired) => {
      const gone = new Set(expired.filter((artist) => byId.delete(artist.id)));
      removeFrom(artists, gone);
      artistList.removeAll(gone);
      leaderboard.removeAll(gone);
    },
  });
  profileExpiry.track(artists);
  return {
    artists,
    byId,
    ledger,
    artistList,
    leaderboard,
    batchLoads: 0,
    changesPublished: 0,
    profileExpiry,
    royaltyExpiry: {
      // Totals that expire change the leaderboard's keys.
      expireBefore: (beforeMs) => {
        const expired = ledger.expiry.expireBefore(beforeMs);
        if (expired > 0) leaderboard.invalidate();
        return expired;
      },
    },
  };
}
