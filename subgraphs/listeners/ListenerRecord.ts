import type { ListenerRegisteredEvent } from '../../schema/events/index.ts';

/**
 * A listener of the platform: the registration event of the mesh's contract
 * (`schema/events`), with its id as `id` and when the mesh recorded it.
 */
export type ListenerRecord = Omit<ListenerRegisteredEvent, 'listenerId'> & { id: string; recordedAt: string };
