export { createLogger } from './createLogger.ts';
export type { Logger, LoggerOptions, LogLevel, LogFields } from './createLogger.ts';
