export { ConfigError } from './ConfigError.ts';
export { readString, readPort, readPositiveNumber, readLogLevel, isDevelopment } from './env.ts';
export type { Env } from './env.ts';
export { readDemoDataOptions } from './demoDataOptions.ts';
