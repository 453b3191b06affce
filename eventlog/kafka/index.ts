export { createKafkaLog } from './createKafkaLog.ts';
export type { KafkaLogOptions } from './createKafkaLog.ts';
