import type { PlayEvent } from '../../schema/events/index.ts';

/**
 * A listener playing (part of) an episode: the play event of the mesh's
 * contract (`schema/events`), with its id as `id` and when the mesh recorded it.
 * `secondsPlayed` is between 1 and the episode's duration.
 */
export type PlayRecord = Omit<PlayEvent, 'playId'> & { id: string; recordedAt: string };
