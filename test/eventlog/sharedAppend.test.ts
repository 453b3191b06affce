import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLogCommand } from '../../bin/runLogCommand.ts';
import { createEmbeddedLog, TopicLockedError } from '../../eventlog/embedded/index.ts';
import type { LogRecord } from '../../eventlog/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

const TOPIC = 'shared.v1';
const PER_PROCESS = 1_000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/appendShared.ts', import.meta.url));
/** Each test starts processes through tsx, which takes seconds apiece on a busy machine. */
const PROCESS_TEST_TIMEOUT_MS = 90_000;

describe('several processes append to one shared-append topic', () => {
  const leftovers = useLeftovers();
  const tempDir = async () => leftovers.track(await createTempDir('meshgraph-shared-')).path;

  /** Starts an appender process; it appends once `go()` is called. Its acknowledgements land in `acked` (`partition:offset` → value). */
  const startAppender = (dataDir: string, tag: string, mode: 'shared' | 'exclusive' | 'hold', acked: Map<string, string>) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, TOPIC, tag, String(PER_PROCESS), mode], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(signal ?? code))));
    leftovers.track({ close: async () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), await exited) });
    const lines: string[] = [];
    const waiters = new Set<() => void>();
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const match = /^ack (\d+) (\d+) (\S+)$/.exec(line);
        if (match) {
          const where = `${match[1]}:${match[2]}`;
          expect(acked.has(where), `offset ${where} acknowledged twice`).toBe(false);
          acked.set(where, match[3]!);
        }
      }
      for (const waiter of waiters) waiter();
    });
    /** Resolves with the line that starts with `prefix` once printed; rejects if the child ends first. */
    const line = (prefix: string) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const found = lines.find((text) => text.startsWith(prefix));
          if (found !== undefined) (waiters.delete(check), resolve(found));
        };
        waiters.add(check);
        check();
        void exited.then((how) => waiters.delete(check) && reject(new Error(`appender ${tag} exited (${how}) before printing "${prefix}":\n${lines.slice(-5).join('\n')}\n${stderr}`)));
      });
    return { child, exited, line, go: () => child.stdin.write('go\n'), lines };
  };

  /** Reads the whole topic in this process: every partition's offsets must run from 0 without a gap. */
  const readAll = async (dataDir: string): Promise<LogRecord[]> => {
    const log = leftovers.track(await createEmbeddedLog({ dataDir }));
    const ends = await log.endOffsets(TOPIC);
    const collected = await collectRecords(log, { topic: TOPIC });
    const records = await collected.waitFor(ends.reduce((a, b) => a + b, 0));
    await log.close();
    for (let partition = 0; partition < ends.length; partition++) {
      expect(records.filter((record) => record.partition === partition).map((record) => record.offset)).toEqual(Array.from({ length: ends[partition]! }, (_, i) => i));
    }
    return records;
  };

  const verify = async (dataDir: string) => {
    let output = '';
    const code = await runLogCommand(['verify', '--data-dir', dataDir], { MESHGRAPH_LOG_LEVEL: 'silent' }, (text) => (output += text));
    return { code, output };
  };

  it('two processes append 1,000 records each at once: 2,000 records at dense offsets, none lost or doubled, both see all, verify passes', async () => {
    const dataDir = await tempDir();
    const acked = new Map<string, string>();
    const appenders = [startAppender(dataDir, 'a', 'shared', acked), startAppender(dataDir, 'b', 'shared', acked)];
    await Promise.all(appenders.map((appender) => appender.line('ready')));
    // Each reads the topic live while both append: each must see the other's records too.
    const watcher = leftovers.track(await createEmbeddedLog({ dataDir }));
    const live = await collectRecords(watcher, { topic: TOPIC });
    for (const appender of appenders) appender.go();
    await Promise.all(appenders.map((appender) => appender.line('done')));
    for (const appender of appenders) expect(appender.lines.filter((line) => line.startsWith('error'))).toEqual([]);

    expect(acked.size).toBe(2 * PER_PROCESS);
    const records = await readAll(dataDir);
    expect(records).toHaveLength(2 * PER_PROCESS);
    expect(new Map(records.map((record) => [`${record.partition}:${record.offset}`, record.value.toString()]))).toEqual(acked);
    const seenLive = await live.waitFor(2 * PER_PROCESS);
    expect(new Set(seenLive.map((record) => record.value.toString())).size).toBe(2 * PER_PROCESS);
    // Both processes' records are interleaved: the lock changed hands, not one ran after the other.
    const order = records.filter((record) => record.partition === 0).map((record) => record.value.toString()[0]);
    expect(order.filter((tag, i) => i > 0 && tag !== order[i - 1]).length).toBeGreaterThan(1);

    const { code, output } = await verify(dataDir);
    expect(output).toContain(`${TOPIC} partition 0:`);
    expect(code, output).toBe(0);
  }, PROCESS_TEST_TIMEOUT_MS);

  it('a process killed with kill -9 while holding the lock does not block the others: its lock is taken over and its torn write cut', async () => {
    const dataDir = await tempDir();
    const acked = new Map<string, string>();
    const holder = startAppender(dataDir, 'h', 'hold', acked);
    await holder.line('ready');
    holder.go();
    await holder.line('holding');

    const logger = captureLogger('shared');
    const log = leftovers.track(await createEmbeddedLog({ dataDir, logger }));
    const ends = await log.endOffsets(TOPIC);
    const appending = log.append(TOPIC, [{ key: null, value: 'after' }]);
    holder.child.kill('SIGKILL');
    expect(await holder.exited).toBe('SIGKILL');
    const [appended] = await appending;
    expect(appended!.offset).toBe(ends[appended!.partition]);
    const lines = logger.lines.join('\n');
    expect(lines).toMatch(new RegExp(`taking over a stale append lock topic=${TOPIC} .*stalePid=${holder.child.pid}`));
    expect(lines).toMatch(/truncated a torn tail.*partition=0 /);
    // What the dead process left next to the lock is gone; the files of the turns are removed on close.
    const lockFiles = async () => (await readdir(join(dataDir, 'topics', TOPIC))).filter((name) => name.includes('append.lock'));
    expect((await lockFiles()).filter((name) => name.includes(`.${holder.child.pid}.`))).toEqual([]);
    await log.close();
    expect(await lockFiles()).toEqual([]);

    expect(await readAll(dataDir)).toHaveLength(PER_PROCESS + 1);
    expect((await verify(dataDir)).code).toBe(0);
  }, PROCESS_TEST_TIMEOUT_MS);

  it('a topic that is not shared still refuses a second appending process with TopicLockedError', async () => {
    const dataDir = await tempDir();
    const acked = new Map<string, string>();
    const first = startAppender(dataDir, 'x', 'exclusive', acked);
    await first.line('ready');
    first.go();
    await first.line('ack ');
    const log = leftovers.track(await createEmbeddedLog({ dataDir }));
    const refused = await log.append(TOPIC, [{ key: null, value: 'second' }]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TopicLockedError);
    expect((refused as Error).message).toContain(`process ${first.child.pid}`);
    await first.line('done');
  }, PROCESS_TEST_TIMEOUT_MS);

  it('two logs of one process share a shared-append topic too, and topic.json records the setting', async () => {
    const dataDir = await tempDir();
    const [one, two] = [leftovers.track(await createEmbeddedLog({ dataDir })), leftovers.track(await createEmbeddedLog({ dataDir }))];
    await one.createTopic({ name: TOPIC, partitions: 2, sharedAppend: true });
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? one : two).append(TOPIC, [{ key: `k-${i}`, value: `v-${i}` }])),
    );
    const offsets = appended.flat().map(({ partition, offset }) => `${partition}:${offset}`);
    expect(new Set(offsets).size).toBe(50);
    expect((await one.endOffsets(TOPIC)).reduce((a, b) => a + b, 0)).toBe(50);
    expect(JSON.parse(await readFile(`${dataDir}/topics/${TOPIC}/topic.json`, 'utf8'))).toMatchObject({ sharedAppend: true });
  });

  it('a topic created before it was shared becomes shared-append, also for a log that opened it before', async () => {
    const dataDir = await tempDir();
    const old = await createEmbeddedLog({ dataDir });
    await old.createTopic({ name: TOPIC });
    await old.append(TOPIC, [{ key: null, value: 'before' }]);
    await old.close();
    const [upgraded, opened] = [leftovers.track(await createEmbeddedLog({ dataDir })), leftovers.track(await createEmbeddedLog({ dataDir }))];
    await upgraded.createTopic({ name: TOPIC, sharedAppend: true });
    const [first] = await opened.append(TOPIC, [{ key: null, value: 'opened' }]);
    const [second] = await upgraded.append(TOPIC, [{ key: null, value: 'upgraded' }]);
    expect([first!.offset, second!.offset]).toEqual([1, 2]);
  });
});
