import { createLogger, type Logger } from '../../logger/index.ts';

/** A logger that keeps its lines for the test, and can wait for a line to be written. */
export interface CapturedLogger extends Logger {
  lines: string[];
  /** Resolves with the first line (already written or still to come) that matches. */
  waitForLine(match: RegExp | string): Promise<string>;
  /** Resolves with the next line to be written that matches, not one written already. */
  waitForNextLine(match: RegExp | string): Promise<string>;
}

/** A logger whose lines go to `lines` instead of stderr, so tests can read them and wait for them. */
export function captureLogger(component: string): CapturedLogger {
  const lines: string[] = [];
  const waiters = new Set<{ test: (line: string) => boolean; resolve: (line: string) => void }>();
  const logger = createLogger({
    component,
    level: 'debug',
    // The readable lines whatever the environment asks for, so tests read `level [component] message key=value`.
    format: 'pretty',
    write: (line) => {
      lines.push(line);
      for (const waiter of waiters) {
        if (waiter.test(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    },
  });
  const matcher = (match: RegExp | string) => (line: string) => (typeof match === 'string' ? line.includes(match) : match.test(line));
  const waitForNextLine = (match: RegExp | string) => new Promise<string>((resolve) => waiters.add({ test: matcher(match), resolve }));
  const waitForLine = (match: RegExp | string) => {
    const written = lines.find(matcher(match));
    return written !== undefined ? Promise.resolve(written) : waitForNextLine(match);
  };
  return Object.assign(logger, { lines, waitForLine, waitForNextLine });
}
