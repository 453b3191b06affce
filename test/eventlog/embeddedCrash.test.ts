import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbeddedLog, type EmbeddedLog } from '../../eventlog/embedded/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';
import { segmentFiles } from './support/segmentFiles.ts';

const TOPIC = 'crash.v1';
const PARTITIONS = 3;
const LARGE_BYTES = 6 * 1024 * 1024; // as in the fixture
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/appendUntilKilled.ts', import.meta.url));
/** Each test starts three appender processes through tsx, which takes seconds apiece on a busy machine. */
const PROCESS_TEST_TIMEOUT_MS = 90_000;

/** `partition:offset` → the value its append acknowledged (for large records, the part before `|`). */
type Acked = Map<string, string>;

describe('the embedded log survives kill -9', () => {
  const leftovers = useLeftovers();

  const tempDir = async () => leftovers.track(await createTempDir('meshgraph-crash-')).path;

  /** Starts the appending child; its acknowledgements land in `acked` as they are printed. */
  const startAppender = (dataDir: string, tag: string, mode: 'small' | 'large', acked: Acked) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, tag, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(signal ?? code))));
    leftovers.track({ close: async () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), await exited) });
    let pending = '';
    let stderr = '';
    let count = 0;
    const checks = new Set<() => void>();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!; // an unfinished line: its acknowledgement is not complete yet
      for (const line of lines) {
        const match = /^ack (\d+) (\d+) (\S+)$/.exec(line);
        if (!match) continue;
        acked.set(`${match[1]}:${match[2]}`, match[3]!);
        count++;
      }
      for (const check of checks) check();
    });
    /** Resolves once `done(acknowledgements so far)` holds; rejects if the child ends first. */
    const waitFor = (done: (count: number) => boolean) =>
      new Promise<void>((resolve, reject) => {
        const check = () => done(count) && (checks.delete(check), resolve());
        checks.add(check);
        check();
        void exited.then((how) => checks.delete(check) && reject(new Error(`appender exited (${how}) early:\n${stderr}`)));
      });
    const kill = async () => {
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    };
    return { child, exited, waitFor, kill, acks: () => count };
  };

  /**
   * Reads the whole topic and checks it against the acknowledgements: every
   * acknowledged record is there with its value, and the offsets of each
   * partition run from 0 without a gap. Then appends one more record, which
   * must land at the end, and acknowledges it too.
   */
  const verify = async (log: EmbeddedLog, acked: Acked, tag: string) => {
    const ends = await log.endOffsets(TOPIC);
    const seen = new Map<string, string>();
    const offsets: number[][] = Array.from({ length: PARTITIONS }, () => []);
    const filler = Buffer.alloc(LARGE_BYTES, 'x');
    const reader = await log.read({
      topic: TOPIC,
      onBatch: (records) => {
        for (const { partition, offset, value } of records) {
          offsets[partition]!.push(offset);
          const bar = value.indexOf('|');
          const large = bar >= 0 && value.length === bar + 1 + LARGE_BYTES && value.subarray(bar + 1).equals(filler);
          seen.set(`${partition}:${offset}`, large ? value.subarray(0, bar).toString() : value.toString());
        }
      },
    });
    await reader.caughtUp;
    await reader.close();
    offsets.forEach((list, partition) => expect(list).toEqual(Array.from({ length: ends[partition]! }, (_, i) => i)));
    const missing = [...acked].filter(([where, value]) => seen.get(where) !== value);
    expect(missing, `acknowledged records lost or changed (of ${acked.size})`).toEqual([]);
    const [after] = await log.append(TOPIC, [{ key: `after-${tag}`, value: `after-${tag}` }]);
    expect(after!.offset).toBe(ends[after!.partition]);
    acked.set(`${after!.partition}:${after!.offset}`, `after-${tag}`);
  };

  /** The size of each partition's last segment, where a torn write can be. */
  const partitionSizes = (dataDir: string) =>
    Promise.all(Array.from({ length: PARTITIONS }, async (_, p) => (await stat((await segmentFiles(dataDir, TOPIC, p)).at(-1)!)).size));

  it('keeps every acknowledged record, three kills in a row, and keeps accepting appends', async () => {
    const dataDir = await tempDir();
    const acked: Acked = new Map();
    for (let round = 0; round < 3; round++) {
      const appender = startAppender(dataDir, `round${round}`, 'small', acked);
      await appender.waitFor((count) => count >= 300);
      await appender.kill();

      const logger = captureLogger('crash');
      const log = leftovers.track(await createEmbeddedLog({ dataDir, logger }));
      await verify(log, acked, `round${round}`);
      // The dead child's lock was taken over for that append, and given back on close.
      expect(logger.lines.join('\n')).toMatch(new RegExp(`taking over a stale append lock topic=${TOPIC} .*stalePid=${appender.child.pid}`));
      await log.close();
    }
    expect(acked.size).toBeGreaterThanOrEqual(900);
  }, PROCESS_TEST_TIMEOUT_MS);

  it('a child killed in the middle of large writes leaves at most a torn tail, which a reader leaves and the next appender cuts and reports', async () => {
    const dataDir = await tempDir();
    const acked: Acked = new Map();
    for (let round = 0; round < 3; round++) {
      const appender = startAppender(dataDir, `large${round}`, 'large', acked);
      await appender.waitFor(() => [...acked.values()].some((value) => value.startsWith(`large${round}-large-`)));
      // A write just finished; with two loops of 6 MiB records, another is most likely under way.
      await new Promise<void>((resolve, reject) => {
        const watcher = watch(join(dataDir, 'topics', TOPIC), { recursive: true }, () => (watcher.close(), resolve()));
        void appender.exited.then((how) => (watcher.close(), reject(new Error(`appender exited (${how}) early`))));
      });
      await appender.kill();

      const before = await partitionSizes(dataDir);
      const logger = captureLogger('crash');
      const log = leftovers.track(await createEmbeddedLog({ dataDir, logger }));
      expect(await partitionSizes(dataDir)).toEqual(before); // opening writes nothing
      await verify(log, acked, `large${round}`); // its append takes the lock, and cuts torn tails first
      const truncations = logger.lines.filter((line) => line.includes('truncated a torn tail'));
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const reported = truncations.filter((line) => line.includes(`partition=${partition} `));
        expect(reported.length).toBeLessThanOrEqual(1);
        for (const line of reported) {
          const [, position, dropped] = /position=(\d+) droppedBytes=(\d+) /.exec(line)!;
          expect(Number(position) + Number(dropped)).toBe(before[partition]);
        }
      }
      expect(log.damage()).toEqual([]);
      await log.close();

      // What is left is whole: a second reopen finds nothing to truncate.
      const again = captureLogger('crash-again');
      await (await createEmbeddedLog({ dataDir, logger: again })).close();
      expect(again.lines.filter((line) => line.includes(' warn '))).toEqual([]);
    }
  }, PROCESS_TEST_TIMEOUT_MS);
});
