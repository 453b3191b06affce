export { createListenersDomain } from './createListenersDomain.ts';
export type { ListenerStore } from './listenerStore.ts';
