export { createFieldUsageRecorder } from './createFieldUsageRecorder.ts';
export type { FieldUsageRecorder, FieldUsageRecorderOptions } from './createFieldUsageRecorder.ts';
export { createFieldUsageLog } from './createFieldUsageLog.ts';
export type { FieldUsageLog, FieldUsageLogOptions } from './createFieldUsageLog.ts';
export { FIELD_USAGE_TOPIC, FIELD_USAGE_RETENTION_MS } from './fieldUsageTopic.ts';
export { FIELD_USAGE_VERSIONS, parseFieldUsageEvent } from './fieldUsageEvent.ts';
export type { DailyFieldUse } from './fieldUsageEvent.ts';
export type { FieldUse } from './FieldUse.ts';
export { mergeUses } from './mergeUses.ts';
