/** Severity of a log line, from most to least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Fields attached to a log line, printed as `key=value`. */
export type LogFields = Record<string, unknown>;

/** A component's logger: one line per event, readable by people and by grep. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger for a sub-component, printed as `[parent/child]`. */
  child(component: string): Logger;
}

export interface LoggerOptions {
  /** Name printed on every line, e.g. `gateway` or `listeners`. */
  component: string;
  /** Lines below this level are dropped. @default 'info' */
  level?: LogLevel;
  /** Where lines go. @default process.stderr */
  write?: (line: string) => void;
}

/** Creates a logger that prints `time level [component] message key=value…`. */
export function createLogger(options: LoggerOptions): Logger {
  const { component, level = 'info', write = (line: string) => process.stderr.write(line + '\n') } = options;
  const threshold = RANK[level];
  const emit = (lineLevel: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void => {
    if (RANK[lineLevel] < threshold) return;
    write(`${new Date().toISOString()} ${lineLevel.padEnd(5)} [${component}] ${message}${formatFields(fields)}`);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (name) => createLogger({ component: `${component}/${name}`, level, write }),
  };
}

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  let out = '';
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = String(value);
    out += ` ${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
  }
  return out;
}
