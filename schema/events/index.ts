export { EventRejected } from './EventRejected.ts';
export { parsePlayEvent, PLAY_EVENT_VERSIONS } from './playEvent.ts';
export type { PlayEvent } from './playEvent.ts';
export { parseListenerRegisteredEvent, LISTENER_REGISTERED_VERSIONS } from './listenerRegisteredEvent.ts';
export type { ListenerRegisteredEvent } from './listenerRegisteredEvent.ts';
