/** A podcast; occurredAt is when it launched. */
export interface PodcastRecord {
  id: string;
  title: string;
  /** One sentence. */
  description: string;
  category: string;
  /** ISO 639-1 code. */
  language: string;
  /** ISO 3166-1 alpha-2 code. */
  country: string;
  /** Id of the artist who hosts it. */
  hostArtistId: string;
  occurredAt: string;
  recordedAt: string;
}
