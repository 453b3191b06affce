import { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import pinoPretty from 'pino-pretty';
import { formatPrettyLine } from './formatPrettyLine.ts';
import { logFormatFrom, type LogFormat } from './logFormat.ts';

/** Severity of a log line, from most to least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Fields attached to a log line. Any value goes; an error goes under `err`
 * (`{ err: error }`), where pino's serializer keeps its type, message, stack
 * and cause.
 */
export type LogFields = Record<string, unknown>;

/** A component's logger: one line per event, readable by people and by grep. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger for a sub-component, whose `component` is `parent/child`. */
  child(component: string): Logger;
}

export interface LoggerOptions {
  /** Name on every line (the `component` binding), e.g. `gateway` or `listeners`. */
  component: string;
  /** Lines below this level are dropped. @default 'info' */
  level?: LogLevel;
  /**
   * `json` lines or `pretty` single lines.
   * @default 'json' when `MESHGRAPH_LOG_FORMAT=json` or `NODE_ENV=production` (and `MESHGRAPH_LOG_FORMAT` is not `pretty`), else 'pretty'
   */
  format?: LogFormat;
  /** Where lines go, one call per line (without its newline). @default stderr, written synchronously */
  write?: (line: string) => void;
}

/**
 * Creates a logger over pino: JSON lines (pino's own shape, with the
 * `component` binding) or, through pino-pretty, one readable line per event:
 * `time level [component] message key=value…`. Lines are written
 * synchronously (no worker thread), so none is lost when the process exits.
 */
export function createLogger(options: LoggerOptions): Logger {
  const { component, level = 'info', format = logFormatFrom(process.env), write } = options;
  const root = pino({ level }, destinationFor(format, write));
  const adapt = (name: string): Logger => {
    const logger: PinoLogger = root.child({ component: name });
    return {
      debug: (message, fields) => logger.debug(fields ?? {}, message),
      info: (message, fields) => logger.info(fields ?? {}, message),
      warn: (message, fields) => logger.warn(fields ?? {}, message),
      error: (message, fields) => logger.error(fields ?? {}, message),
      // A child of the root, not of this logger: pino would repeat `component` in the line otherwise.
      child: (child) => adapt(`${name}/${child}`),
    };
  };
  return adapt(component);
}

function destinationFor(format: LogFormat, write: ((line: string) => void) | undefined): DestinationStream {
  const withoutNewline = (chunk: string) => write!(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk);
  switch (format) {
    case 'json':
      return write ? { write: withoutNewline } : pino.destination({ fd: 2, sync: true });
    case 'pretty':
      return pinoPretty({
        sync: true,
        destination: write ? new Writable({ write: (chunk: Buffer, _encoding, done) => (withoutNewline(chunk.toString()), done()) }) : 2,
        colorize: false,
        hideObject: true,
        ignore: 'time,level,pid,hostname,component',
        messageFormat: (log) => formatPrettyLine(log),
      });
    default: {
      const unknown: never = format;
      throw new Error(`Unknown log format "${String(unknown)}"; expected json or pretty.`);
    }
  }
}
