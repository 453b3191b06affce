export { createArtistsDomain } from './createArtistsDomain.ts';
export type { ArtistsDomainOptions } from './createArtistsDomain.ts';
export type { ArtistRecord } from './ArtistRecord.ts';
export type { ArtistStore } from './artistStore.ts';
export { RoyaltyLedger, PAYABLE_SECONDS, RATE_MICROS, CURRENCY } from './royaltyLedger.ts';
