import { assertSchemaVersion, fieldsOf, parseJsonObject } from './guards.ts';

/** An artist's royalty totals changed: published by artist-royalties, keyed by artist id (current state). */
export interface RoyaltiesChangedEvent {
  artistId: string;
  plays: number;
  payablePlays: number;
  secondsPlayed: number;
  /** Millionths of `currency`. */
  amountMicros: number;
  currency: string;
  /** When the newest play counted happened, ISO-8601. */
  occurredAt: string;
}

/** Schema versions of RoyaltiesChangedEvent this code reads; it writes the last. */
export const ROYALTIES_CHANGED_VERSIONS = ['1'] as const;

/** Reads a royalties change from a record value and its schema-version header, or throws `EventRejected` saying why. */
export function parseRoyaltiesChangedEvent(value: Buffer | string, schemaVersion: string | undefined): RoyaltiesChangedEvent {
  assertSchemaVersion(schemaVersion, ROYALTIES_CHANGED_VERSIONS, 'RoyaltiesChangedEvent');
  const field = fieldsOf(parseJsonObject(value));
  return {
    artistId: field.string('artistId'),
    plays: field.integer('plays', 0),
    payablePlays: field.integer('payablePlays', 0),
    secondsPlayed: field.integer('secondsPlayed', 0),
    amountMicros: field.integer('amountMicros', 0),
    currency: field.string('currency'),
    occurredAt: field.dateTime('occurredAt'),
  };
}
