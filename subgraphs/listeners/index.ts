export { createListenersDomain } from './createListenersDomain.ts';
export type { ListenersDomainOptions, SignUpFeed } from './createListenersDomain.ts';
export type { ListenerRecord } from './ListenerRecord.ts';
export { ListenerStore } from './listenerStore.ts';
