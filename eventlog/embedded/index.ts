export { createEmbeddedLog } from './createEmbeddedLog.ts';
export type { EmbeddedLog, EmbeddedLogOptions } from './createEmbeddedLog.ts';
export { TopicLockedError } from './AppendLock.ts';
export { crc32c } from './crc32c.ts';
export type { DamagedRange } from './DamagedRange.ts';
export { checkDataDir } from './checkDataDir.ts';
export type { DataDirReport, PartitionReport } from './checkDataDir.ts';
export { repairDataDir } from './repairDataDir.ts';
export type { TopicRepair } from './repairDataDir.ts';
