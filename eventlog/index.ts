export { HEADERS } from './EventLog.ts';
export type { EventLog, NewRecord, LogRecord, Appended, TopicSpec, DeclaredTopic, StartFrom, ReadOptions, Reader } from './EventLog.ts';
export { AppendRefusedError } from './AppendRefusedError.ts';
export { OffsetOutOfRangeError } from './OffsetOutOfRangeError.ts';
export { partitionFor, murmur2 } from './partitionFor.ts';
export { topicName, deadLetterTopic } from './topicName.ts';
export { openEventLog } from './openEventLog.ts';
export type { EventLogChoice, OpenEventLogOptions } from './openEventLog.ts';
