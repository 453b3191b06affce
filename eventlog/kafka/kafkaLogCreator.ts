import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../../logger/index.ts';

/**
 * Routes kafkajs's own log lines into a meshgraph logger: its errors (a lost
 * connection, a retry) as warnings, since kafkajs retries them itself; its
 * chatty info (group joins) as debug.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () => ({ level, log }) => {
    // Its fields go as they are (broker, group, error, stack…); its time and name are the logger's own.
    const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
    const line = `kafka: ${message}`;
    if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(line, fields);
    else if (level === logLevel.INFO) logger.debug(line, fields);
  };
}
