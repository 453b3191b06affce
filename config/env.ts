import { ConfigError } from './ConfigError.ts';
import type { LogLevel } from '../logger/index.ts';

/** The environment as given to the process; a parameter so tests need not touch `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Reads an optional string variable; blank counts as unset. */
export function readString(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

/** Reads a TCP port (0 picks a free one). */
export function readPort(env: Env, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, but is "${value}".`);
  }
  return port;
}

/** Reads an `on` / `off` setting; blank counts as unset. */
export function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (value !== 'on' && value !== 'off') throw new ConfigError(`${name} must be "on" or "off", but is "${value}".`);
  return value === 'on';
}

/** Reads a positive number, optionally whole. */
export function readPositiveNumber(env: Env, name: string, fallback: number, { integer = false } = {}): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    const expected = integer ? 'a whole number greater than 0' : 'a number greater than 0';
    throw new ConfigError(`${name} must be ${expected}, but is "${value}".`);
  }
  return number;
}

/** Reads a positive number, or 0 where 0 turns something off. */
export function readPositiveNumberOrZero(env: Env, name: string, fallback: number, options: { integer?: boolean } = {}): number {
  return env[name]?.trim() === '0' ? 0 : readPositiveNumber(env, name, fallback, options);
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Reads `MESHGRAPH_LOG_LEVEL`. */
export function readLogLevel(env: Env): LogLevel {
  const value = readString(env, 'MESHGRAPH_LOG_LEVEL', 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`MESHGRAPH_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, but is "${value}".`);
  }
  return value as LogLevel;
}

/** True when `NODE_ENV` is `development`: only then do errors carry stack traces. */
export function isDevelopment(env: Env): boolean {
  return env['NODE_ENV'] === 'development';
}
