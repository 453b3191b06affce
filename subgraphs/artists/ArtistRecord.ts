/** An artist of the platform; occurredAt is when the artist joined it. */
export interface ArtistRecord {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2 code. */
  country: string;
  /** One to three genres, the main one first. */
  genres: string[];
  debutYear: number;
  occurredAt: string;
  recordedAt: string;
}
