import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLogCommand } from '../../bin/runLogCommand.ts';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';
import { frames, segmentFiles } from './support/segmentFiles.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOPIC = 'podcasts.episode-plays.v1';

/** Runs `meshgraph log <args>` in this process; resolves with its exit code and output. */
async function meshgraphLog(args: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await runLogCommand(args, { MESHGRAPH_LOG_LEVEL: 'silent' }, (text) => (output += text));
  return { code, output };
}

/** Runs `meshgraph log <args>` as its own process, from the sources; resolves with its exit code and output. */
function meshgraphLogProcess(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/meshgraph.ts', 'log', ...args], {
    cwd: ROOT,
    env: { ...process.env, MESHGRAPH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('meshgraph log verify and repair', () => {
  const leftovers = useLeftovers();

  /** A data folder with 100 plays, the frame of offset 40 damaged; returns where and what the damage is. */
  const damagedFolder = async () => {
    const dataDir = leftovers.track(await createTempDir('meshgraph-logcommand-')).path;
    const log = await createEmbeddedLog({ dataDir, logger: captureLogger('log') });
    await log.createTopic({ name: TOPIC });
    await log.append(TOPIC, Array.from({ length: 100 }, (_, i) => ({ key: `l-${i}`, value: `play-${i}` })));
    await log.close();
    const [path] = (await segmentFiles(dataDir, TOPIC, 0)) as [string];
    const file = await readFile(path);
    const healthy = await meshgraphLog(['verify', '--data-dir', dataDir]);
    const damaged = Buffer.from(file);
    const frame = frames(file)[40]!;
    damaged[frame.start + 30]! ^= 0xff;
    await writeFile(path, damaged);
    return { dataDir, path, frame, damagedBytes: damaged.subarray(frame.start, frame.end), healthy };
  };

  it('verify says OK and exits 0 on a healthy folder; names the damaged bytes and offsets and exits 1 on damage', async () => {
    const { dataDir, path, frame, healthy } = await damagedFolder();
    expect(healthy.code).toBe(0);
    expect(healthy.output).toContain(`${TOPIC} partition 0: 100 records, offsets 0 to 99, 1 segments`);
    expect(healthy.output).toContain('OK: 1 topics, 1 partitions, 100 records, 0 damaged ranges, 0 torn tails, 0 index problems');

    const verify = await meshgraphLog(['verify', '--data-dir', dataDir]);
    expect(verify.code).toBe(1);
    expect(verify.output).toContain(`${TOPIC} partition 0: 99 records, offsets 0 to 99`);
    expect(verify.output).toContain(`DAMAGED bytes ${frame.start} to ${frame.end} of ${path}: offsets 40 to 40 cannot be read (checksum mismatch)`);
    expect(verify.output).toContain('DAMAGED: 1 topics, 1 partitions, 99 records, 1 damaged ranges');
    // The index file still lists the damaged record: verify says so.
    expect(verify.output).toContain('index problems');
  });

  it('is the meshgraph command: `meshgraph log verify` exits 1 on damage', async () => {
    const { dataDir, path, frame } = await damagedFolder();
    const verify = await meshgraphLogProcess(['verify', '--data-dir', dataDir]);
    expect(verify.output).toContain(`DAMAGED bytes ${frame.start} to ${frame.end} of ${path}`);
    expect(verify.code).toBe(1);
  }, 120_000);

  it('repair is refused while a process appends to the topic, and changes nothing', async () => {
    const { dataDir, path } = await damagedFolder();
    const before = await readFile(path);
    const appender = leftovers.track(await createEmbeddedLog({ dataDir, logger: captureLogger('appender') }));
    await appender.append(TOPIC, [{ key: 'l-1', value: 'holding the lock' }]);
    const during = await readFile(path);

    const repair = await meshgraphLog(['repair', '--data-dir', dataDir]);
    expect(repair.code).toBe(1);
    expect(repair.output).toMatch(new RegExp(`REFUSED ${TOPIC}: topic "${TOPIC}" is locked for appending by .*pid ${process.pid}.*stop that process, then repair`));
    expect((await readFile(path)).equals(during)).toBe(true);
    expect(during.subarray(0, before.length).equals(before)).toBe(true);
  });

  it('repair moves the damaged bytes aside, keeps every other record at its offset, and the offset lost is never used again', async () => {
    const { dataDir, damagedBytes } = await damagedFolder();
    const repair = await meshgraphLog(['repair', '--data-dir', dataDir]);
    expect(repair.code).toBe(0);
    expect(repair.output).toMatch(new RegExp(`repaired ${TOPIC}: ${damagedBytes.length} damaged bytes \\(offsets 40 to 40\\) moved to `));
    const damagedDir = join(dataDir, 'topics', TOPIC, 'damaged');
    const [moved] = await readdir(damagedDir);
    expect(await readFile(join(damagedDir, moved!))).toEqual(damagedBytes);
    expect(repair.output).toContain('OK: 1 topics, 1 partitions, 99 records, 0 damaged ranges, 0 torn tails, 0 index problems');
    expect((await meshgraphLog(['verify', '--data-dir', dataDir])).code).toBe(0);

    const log = leftovers.track(await createEmbeddedLog({ dataDir, logger: captureLogger('log') }));
    expect(log.damage()).toEqual([]);
    const [appended] = await log.append(TOPIC, [{ key: 'l-new', value: 'after repair' }]);
    expect(appended!.offset).toBe(100);
    const { reader, records } = await collectRecords(log, { topic: TOPIC });
    await reader.caughtUp;
    await reader.close();
    expect(records.map((r) => r.offset)).toEqual([...Array.from({ length: 100 }, (_, i) => i).filter((i) => i !== 40), 100]);
    expect(records.find((r) => r.offset === 41)!.value.toString()).toBe('play-41');
  });

  it('a usage mistake exits 2 with the usage', async () => {
    const wrong = await meshgraphLog(['mend']);
    expect(wrong.code).toBe(2);
    expect(wrong.output).toContain('Unknown log command "mend".');
    expect(wrong.output).toContain('meshgraph log verify [--data-dir D]');
  });
});
