export { createPersistedOperations, PersistedOperationCode } from './createPersistedOperations.ts';
export type { PersistedOperations, PersistedOperationsOptions, PersistedOperationRequest, PersistedOperationResolution } from './createPersistedOperations.ts';
export { loadTrustedDocuments } from './loadTrustedDocuments.ts';
export type { TrustedDocuments } from './TrustedDocuments.ts';
export { documentHash } from './documentHash.ts';
export { resolveHttpOperations } from './resolveHttpOperations.ts';
export type { ResolvedHttpOperations } from './resolveHttpOperations.ts';
