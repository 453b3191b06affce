export { createListenersDomain } from './createListenersDomain.ts';
export type { ListenersDomainOptions } from './createListenersDomain.ts';
export { ListenerStore } from './listenerStore.ts';
