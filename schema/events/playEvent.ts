import { DEVICES, type Device } from '../devices.ts';
import type { EventContract } from './EventContract.ts';
import { assertSchemaVersion, fieldsOf, parseJsonObject } from './guards.ts';

/** A listener played (part of) an episode: the fact behind episode-plays. Keyed by listener id. */
export interface PlayEvent {
  playId: string;
  listenerId: string;
  episodeId: string;
  podcastId: string;
  hostArtistId: string;
  secondsPlayed: number;
  device: Device;
  country: string;
  /** When the play happened, ISO-8601. */
  occurredAt: string;
}

/** Schema versions of PlayEvent this code reads; it writes the last. */
export const PLAY_EVENT_VERSIONS = ['1'] as const;

/** The contract of plays on episode-plays' topic: what `parsePlayEvent` requires, which the registry holds the producer to. */
export const PLAY_EVENT_CONTRACT: EventContract = {
  name: 'PlayEvent',
  version: PLAY_EVENT_VERSIONS.at(-1)!,
  fields: {
    playId: { type: 'string' },
    listenerId: { type: 'string' },
    episodeId: { type: 'string' },
    podcastId: { type: 'string' },
    hostArtistId: { type: 'string' },
    secondsPlayed: { type: 'integer' },
    device: { type: { enum: DEVICES } },
    country: { type: 'string' },
    occurredAt: { type: 'dateTime' },
  },
};

/** Reads a play event from a record value and its schema-version header, or throws `EventRejected` saying why. */
export function parsePlayEvent(value: Buffer | string, schemaVersion: string | undefined): PlayEvent {
  assertSchemaVersion(schemaVersion, PLAY_EVENT_VERSIONS, 'PlayEvent');
  const field = fieldsOf(parseJsonObject(value));
  return {
    playId: field.string('playId'),
    listenerId: field.string('listenerId'),
    episodeId: field.string('episodeId'),
    podcastId: field.string('podcastId'),
    hostArtistId: field.string('hostArtistId'),
    secondsPlayed: field.integer('secondsPlayed', 0, 24 * 3600),
    device: field.oneOf('device', DEVICES),
    country: field.string('country'),
    occurredAt: field.dateTime('occurredAt'),
  };
}
