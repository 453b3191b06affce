import { chmod, mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EventLog } from '../../eventlog/index.ts';
import { createLogger, type Logger } from '../../logger/index.ts';
import type { DataProductFigures } from '../../schema/index.ts';
import { writeFileAtomic } from '../../storage/durableFiles.ts';
import { readFileIfExists } from '../../storage/readFileIfExists.ts';

/** A data product's state together with the input offsets it reflects. */
export interface Checkpoint<S> {
  /** Next offset to read, per input topic and partition. */
  offsets: Record<string, Record<number, number>>;
  state: S;
  savedAt: string;
}

/** What became of the checkpoints a store found, as a product's figures show it. */
export type CheckpointFigures = Required<Pick<DataProductFigures, 'checkpointsSetAside' | 'checkpointsPastEnd'>>;

/** Saves and loads one data product's checkpoints. */
export interface CheckpointStore<S> {
  readonly file: string;
  /**
   * The saved checkpoint, or undefined when there is none to resume from —
   * also when the file cannot be used, which is reported and set aside, so
   * the caller rebuilds the product from the log.
   */
  load(): Promise<Checkpoint<S> | undefined>;
  /** Saves `offsets` and `state` as they are when called (the caller may change `state` right after). */
  save(offsets: Checkpoint<S>['offsets'], state: S): Promise<void>;
  /** Checkpoints set aside since the store was made, for the product's `figures`. */
  figures(): CheckpointFigures;
}

export interface CheckpointStoreOptions<S> {
  /** Where an unusable checkpoint is reported. @default a logger that prints nothing */
  logger?: Logger;
  /** Whether a saved state has the product's shape; a checkpoint whose state it refuses is set aside. @default any JSON value */
  isState?: (value: unknown) => value is S;
  /** The log the offsets point into: a checkpoint with an offset past a partition's end is set aside. @default offsets are not checked */
  log?: EventLog;
}

/** The checkpoint folder and its files are the product's data: private to the account that runs the mesh. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Checkpoints in `<dataDir>/checkpoints/<name>.json`. State and offsets are
 * written in one file, atomically (temporary file, fsync, rename, fsync of the
 * folder), so a restart resumes with state that matches its offsets exactly:
 * nothing lost, nothing counted twice.
 *
 * A checkpoint is an optimisation, never a reason to stop: one that cannot
 * be read, is not JSON, has the wrong shape, or points past the end of the
 * log is logged (naming the file and why), moved aside to
 * `<name>.json.corrupt-<time>`, and `load` answers as if there were none.
 */
export function createCheckpointStore<S>(dataDir: string, name: string, options: CheckpointStoreOptions<S> = {}): CheckpointStore<S> {
  const { logger = createLogger({ component: 'checkpoints', level: 'silent' }), isState = (value: unknown): value is S => value !== undefined, log } = options;
  const file = join(dataDir, 'checkpoints', `${name}.json`);
  const figures: CheckpointFigures = { checkpointsSetAside: 0, checkpointsPastEnd: 0 };
  // The folder is made private once, not at every save (a product saves every few seconds).
  let folderReady: Promise<void> | undefined;
  const makeFolder = async () => {
    const dir = dirname(file);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    await chmod(dir, DIR_MODE); // a folder made before checkpoints were private
  };

  const setAside = async (reason: string, level: 'warn' | 'error' = 'warn'): Promise<undefined> => {
    figures.checkpointsSetAside++;
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(file, aside);
      logger[level]('checkpoint set aside; the product is rebuilt from the log', { file, reason, movedTo: aside });
    } catch (error) {
      logger[level]('checkpoint ignored, and it could not be moved aside; the product is rebuilt from the log', { file, reason, err: error });
    }
    return undefined;
  };

  return {
    file,
    async load() {
      let text: string | undefined;
      try {
        text = await readFileIfExists(file);
      } catch (error) {
        return setAside(`it cannot be read: ${(error as Error).message}`);
      }
      if (text === undefined) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return setAside(`it is not valid JSON: ${(error as Error).message}`);
      }
      const problem = shapeProblem(value, isState);
      if (problem) {
        return setAside(problem);
      }
      const checkpoint = value as Checkpoint<S>;
      const beyond = log && (await offsetPastEnd(log, checkpoint.offsets));
      if (beyond) {
        figures.checkpointsPastEnd++;
        return setAside(beyond, 'error');
      }
      return checkpoint;
    },
    async save(offsets, state) {
      // Serialized before the first await: the product's state moves on while the file is written.
      const text = JSON.stringify({ offsets, state, savedAt: new Date().toISOString() } satisfies Checkpoint<S>);
      await (folderReady ??= makeFolder().catch((error: unknown) => {
        folderReady = undefined; // tried again at the next save
        throw error;
      }));
      await writeFileAtomic(file, text, { replace: true, mode: FILE_MODE });
    },
    figures: () => ({ ...figures }),
  };
}

/** Why `value` is not a checkpoint, or undefined when it is one. */
function shapeProblem<S>(value: unknown, isState: (value: unknown) => value is S): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const { offsets, state } = value as Partial<Checkpoint<unknown>>;
  if (typeof offsets !== 'object' || offsets === null || Array.isArray(offsets)) return '"offsets" is not an object of topics';
  for (const [topic, partitions] of Object.entries(offsets)) {
    if (typeof partitions !== 'object' || partitions === null || Array.isArray(partitions)) return `"offsets" of "${topic}" is not an object of partitions`;
    for (const [partition, offset] of Object.entries(partitions)) {
      if (!/^\d+$/.test(partition) || !Number.isSafeInteger(offset) || (offset as number) < 0) {
        return `"offsets" of "${topic}" has ${JSON.stringify(partition)}: ${JSON.stringify(offset)}, not a partition and a whole offset from 0`;
      }
    }
  }
  if (!isState(state)) return '"state" does not have the shape of the product\'s state';
  return undefined;
}

/** A description of the first offset past the end of its partition, if any. */
async function offsetPastEnd(log: EventLog, offsets: Checkpoint<unknown>['offsets']): Promise<string | undefined> {
  for (const [topic, partitions] of Object.entries(offsets)) {
    const ends = await log.endOffsets(topic);
    for (const [partition, offset] of Object.entries(partitions)) {
      const end = ends[Number(partition)];
      if (end === undefined || offset > end) {
        return `its offset ${offset} of "${topic}" partition ${partition} is past the end of the log (${end ?? 'no such partition'}): the log lost records or was replaced since it was saved`;
      }
    }
  }
  return undefined;
}
