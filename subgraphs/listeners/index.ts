export { createListenersDomain } from './createListenersDomain.ts';
export type { ListenersDomainOptions } from './createListenersDomain.ts';
export type { SignUpFeed, ListenerProfilesSources } from './feedListenerProfiles.ts';
export type { ListenerRecord } from './ListenerRecord.ts';
export { ListenerStore } from './listenerStore.ts';
