export { createKafkaLog } from './createKafkaLog.ts';
export type { KafkaLogOptions } from './createKafkaLog.ts';
export { KAFKA_SASL_MECHANISMS } from './KafkaSecurity.ts';
export type { KafkaSasl, KafkaTls } from './KafkaSecurity.ts';
