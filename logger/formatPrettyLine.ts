import { pino, type LogDescriptor } from 'pino';

/** What pino writes on every line, shown elsewhere on a pretty line or not at all. */
const OWN_KEYS = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'component']);
const ERROR_LEVEL = 50;

interface SerializedError {
  type?: string;
  message?: string;
  stack?: string;
}

const isSerializedError = (value: unknown): value is SerializedError =>
  typeof value === 'object' && value !== null && typeof (value as SerializedError).message === 'string' && typeof (value as SerializedError).type === 'string';

const quoted = (text: string) => (/[\s"=]/.test(text) || text === '' ? JSON.stringify(text) : text);

/**
 * One readable line for a pino record: `time level [component] message
 * key=value…`. An error (pino's `err` serializer output) shows its stack at
 * level error, where something failed, and `Type: message` below it, where
 * it is retried or skipped; the stack stays on the line (quoted) so a line
 * is always one event.
 */
export function formatPrettyLine(log: LogDescriptor): string {
  const time = new Date(Number(log.time)).toISOString();
  const level = pino.levels.labels[Number(log.level)] ?? String(log.level);
  let line = `${time} ${level.padEnd(5)} [${String(log['component'])}] ${String(log.msg ?? '')}`;
  for (const [key, value] of Object.entries(log)) {
    if (OWN_KEYS.has(key) || value === undefined) continue;
    let text: string;
    if (isSerializedError(value)) text = quoted(log.level >= ERROR_LEVEL && value.stack ? value.stack : `${value.type}: ${value.message}`);
    else if (typeof value === 'object' && value !== null) text = JSON.stringify(value);
    else text = quoted(String(value));
    line += ` ${key}=${text}`;
  }
  return line;
}
