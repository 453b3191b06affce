import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLogger, logFormatFrom, type LogFormat } from '../../logger/index.ts';

const capture = (format: LogFormat, level: 'debug' | 'info' = 'info') => {
  const lines: string[] = [];
  return { lines, logger: createLogger({ component: 'gateway', level, format, write: (line) => lines.push(line) }) };
};

describe('the logger', () => {
  it('writes JSON lines in production: the component as a binding, an error under err with its type, message and stack', () => {
    const { lines, logger } = capture('json');
    const failure = Object.assign(new TypeError('db-7 refused the connection'), { code: 'ECONNREFUSED' });
    logger.child('subscriptions').error('subscription event failed', { subgraph: 'podcasts', err: failure, attempts: 3, plan: { steps: 2 } });
    logger.debug('dropped below the level');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 50, component: 'gateway/subscriptions', msg: 'subscription event failed', subgraph: 'podcasts', attempts: 3, plan: { steps: 2 } });
    expect(line.err).toMatchObject({ type: 'TypeError', message: 'db-7 refused the connection', code: 'ECONNREFUSED' });
    expect(line.err.stack).toContain('createLogger.test.ts');
    expect(Object.keys(line).filter((key) => key === 'component')).toHaveLength(1);
  });

  it('writes one readable line per event in development: level, [component], message, key=value; the stack only at level error', () => {
    const { lines, logger } = capture('pretty', 'debug');
    logger.warn('could not read new records', { topic: 'listeners.plays.v1', err: new Error('EMFILE: too many open files'), skipped: undefined });
    logger.child('http').error('request failed', { path: '/graphql', err: new Error('boom') });
    logger.debug('plain');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z warn  \[gateway\] could not read new records topic=listeners\.plays\.v1 err="Error: EMFILE: too many open files"$/);
    expect(lines[1]).toMatch(/ error \[gateway\/http\] request failed path=\/graphql err="Error: boom\\n {4}at .*createLogger\.test\.ts/);
    expect(lines[1]).not.toContain('\n');
    expect(lines[2]).toMatch(/ debug \[gateway\] plain$/);
  });

  it('takes its format from the environment: MESHGRAPH_LOG_FORMAT, else JSON in production; a typo is refused', () => {
    expect(logFormatFrom({})).toBe('pretty');
    expect(logFormatFrom({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormatFrom({ MESHGRAPH_LOG_FORMAT: 'json' })).toBe('json');
    expect(logFormatFrom({ NODE_ENV: 'production', MESHGRAPH_LOG_FORMAT: 'pretty' })).toBe('pretty');
    expect(() => logFormatFrom({ MESHGRAPH_LOG_FORMAT: 'jsonl' })).toThrow('MESHGRAPH_LOG_FORMAT must be json or pretty, but is "jsonl".');
  });

  it('writes to stderr synchronously, one line per event, so no line is lost when the process exits at once', () => {
    const script = `import { createLogger } from './logger/index.ts';
      const logger = createLogger({ component: 'gateway' });
      logger.info('first', { port: 4000 });
      logger.error('second', { err: new Error('boom') });
      process.exit(3);`;
    for (const [format, parse] of [['pretty', (line: string) => /^\S+ (\w+ +\[\w+\] \w+)/.exec(line)?.[1]], ['json', (line: string) => JSON.parse(line).msg]] as const) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, MESHGRAPH_LOG_FORMAT: format }, encoding: 'utf8' });
      expect(child.status, child.stderr).toBe(3);
      const lines = child.stderr.split('\n');
      expect(lines.pop(), format).toBe('');
      expect(lines.map(parse), format).toEqual(format === 'json' ? ['first', 'second'] : ['info  [gateway] first', 'error [gateway] second']);
    }
  });
});
