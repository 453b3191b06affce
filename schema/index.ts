export { POLYSEMES, POLYSEMES_FILE, loadPolysemes, normalizeKeyFields } from './polysemes.ts';
export type { Polyseme } from './polysemes.ts';
export { URN_PREFIX, entityUrn, dataProductUrn, parseUrn } from './urn.ts';
export type { ParsedUrn } from './urn.ts';
export { DateTimeScalar } from './DateTime.ts';
export { sharedTypeDefs, sharedResolvers } from './sharedTypeDefs.ts';
export { DEVICES } from './devices.ts';
export type { Device } from './devices.ts';
