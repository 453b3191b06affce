export { EventRejected } from './EventRejected.ts';
export { parsePlayEvent, PLAY_EVENT_VERSIONS } from './playEvent.ts';
export type { PlayEvent } from './playEvent.ts';
export { parseListenerRegisteredEvent, LISTENER_REGISTERED_VERSIONS } from './listenerRegisteredEvent.ts';
export type { ListenerRegisteredEvent } from './listenerRegisteredEvent.ts';
export { PLAYS_TOPIC, REGISTRATIONS_TOPIC } from './topics.ts';
export { decodePlay, decodeRegistration } from './decode.ts';
export type { Recorded } from './decode.ts';
