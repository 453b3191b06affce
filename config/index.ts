export { ConfigError } from './ConfigError.ts';
export { readString, readPort, readPositiveNumber, readPositiveNumberOrZero, readLogLevel, readSwitch, isDevelopment } from './env.ts';
export type { Env } from './env.ts';
export { readEventLogConfig, DEFAULT_DATA_DIR } from './eventLogConfig.ts';
export { readEncryptionKey } from './encryptionKey.ts';
export type { EventLogConfig } from './eventLogConfig.ts';
export { readKafkaSecurityConfig } from './kafkaSecurityConfig.ts';
export type { KafkaSecurityConfig } from './kafkaSecurityConfig.ts';
