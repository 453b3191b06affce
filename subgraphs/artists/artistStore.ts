import { createOrderedList, type CheckpointFigures, type InputFigure, type OrderedList, type TopicConsumer } from '../kit/index.ts';
import type { ArtistRecord } from './ArtistRecord.ts';
import { RoyaltyLedger } from './royaltyLedger.ts';

export type ArtistOrderField = 'NAME' | 'JOINED_AT' | 'DEBUT_YEAR';
export type RoyaltyOrderField = 'AMOUNT' | 'PLAYS';

/** The artist-profiles records and the artist-royalties ledger. */
export interface ArtistStore {
  artists: readonly ArtistRecord[];
  byId: ReadonlyMap<string, ArtistRecord>;
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
}

/** Builds the store over the artists' profiles; royalties are counted as plays arrive from the log. */
export function createArtistStore(artists: readonly ArtistRecord[]): ArtistStore {
  const ledger = new RoyaltyLedger();
  return {
    artists,
    byId: new Map(artists.map((a) => [a.id, a])),
    ledger,
    artistList: createOrderedList<ArtistRecord, ArtistOrderField>(
      'artists',
      artists,
      { NAME: (a) => [a.name, a.id], JOINED_AT: (a) => [a.occurredAt, a.id], DEBUT_YEAR: (a) => [a.debutYear, a.id] },
      { field: 'NAME', direction: 'ASC' },
    ),
    leaderboard: createOrderedList<ArtistRecord, RoyaltyOrderField>(
      'royaltyLeaderboard',
      artists,
      { AMOUNT: (a) => [ledger.artist(a.id).amountMicros, a.id], PLAYS: (a) => [ledger.artist(a.id).plays, a.id] },
      { field: 'AMOUNT', direction: 'DESC' },
    ),
    batchLoads: 0,
    changesPublished: 0,
  };
}
