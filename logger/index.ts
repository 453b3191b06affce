export { createLogger } from './createLogger.ts';
export type { Logger, LoggerOptions, LogLevel, LogFields } from './createLogger.ts';
export { logFormatFrom } from './logFormat.ts';
export type { LogFormat } from './logFormat.ts';
