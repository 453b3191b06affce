export { createEmbeddedLog } from './createEmbeddedLog.ts';
export type { EmbeddedLog, EmbeddedLogOptions } from './createEmbeddedLog.ts';
export { TopicLockedError } from './AppendLock.ts';
export { crc32c } from './crc32c.ts';
