/** An episode of a podcast; occurredAt is when it was released. */
export interface EpisodeRecord {
  id: string;
  podcastId: string;
  /** Its number within the podcast, from 1, in release order. */
  number: number;
  title: string;
  durationSeconds: number;
  occurredAt: string;
  recordedAt: string;
}
