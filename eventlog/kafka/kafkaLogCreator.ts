import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../../logger/index.ts';

/**
 * Routes kafkajs's own log lines into a meshgraph logger: its errors (a lost
 * connection, a retry) as warnings, since kafkajs retries them itself; its
 * chatty info (group joins) as debug.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () => ({ level, log }) => {
    const { message, ...extra } = log;
    const fields = Object.fromEntries(
      Object.entries(extra)
        .filter(([key, value]) => key !== 'timestamp' && key !== 'logger' && value !== undefined && typeof value !== 'object')
        .map(([key, value]) => [key, String(value)]),
    );
    const line = `kafka: ${message}`;
    if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(line, fields);
    else if (level === logLevel.INFO) logger.debug(line, fields);
  };
}
