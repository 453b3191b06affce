import { assertSchemaVersion, fieldsOf, parseJsonObject } from './guards.ts';

/**
 * An episode of the catalog, as podcast-catalog publishes it for other domains
 * to check plays against: keyed by episode id (a current-state topic).
 */
export interface EpisodeReleasedEvent {
  episodeId: string;
  podcastId: string;
  /** The show's host artist. */
  hostArtistId: string;
  durationSeconds: number;
  /** When it was released, ISO-8601. */
  occurredAt: string;
}

/** Schema versions of EpisodeReleasedEvent this code reads; it writes the last. */
export const EPISODE_RELEASED_VERSIONS = ['1'] as const;

/** Reads an episode release from a record value and its schema-version header, or throws `EventRejected` saying why. */
export function parseEpisodeReleasedEvent(value: Buffer | string, schemaVersion: string | undefined): EpisodeReleasedEvent {
  assertSchemaVersion(schemaVersion, EPISODE_RELEASED_VERSIONS, 'EpisodeReleasedEvent');
  const field = fieldsOf(parseJsonObject(value));
  return {
    episodeId: field.string('episodeId'),
    podcastId: field.string('podcastId'),
    hostArtistId: field.string('hostArtistId'),
    durationSeconds: field.integer('durationSeconds', 1),
    occurredAt: field.dateTime('occurredAt'),
  };
}
