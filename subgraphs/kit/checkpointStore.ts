import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../storage/durableFiles.ts';
import { readFileIfExists } from '../../storage/readFileIfExists.ts';

/** A data product's state together with the input offsets it reflects. */
export interface Checkpoint<S> {
  /** Next offset to read, per input topic and partition. */
  offsets: Record<string, Record<number, number>>;
  state: S;
  savedAt: string;
}

/** Saves and loads one data product's checkpoints. */
export interface CheckpointStore<S> {
  readonly file: string;
  load(): Promise<Checkpoint<S> | undefined>;
  save(offsets: Checkpoint<S>['offsets'], state: S): Promise<void>;
}

/**
 * Checkpoints in `<dataDir>/checkpoints/<name>.json`. State and offsets are
 * written in one file, atomically (temporary file, fsync, rename, fsync of the
 * folder), so a restart resumes with state that matches its offsets exactly:
 * nothing lost, nothing counted twice.
 */
export function createCheckpointStore<S>(dataDir: string, name: string): CheckpointStore<S> {
  const file = join(dataDir, 'checkpoints', `${name}.json`);
  return {
    file,
    async load() {
      const text = await readFileIfExists(file);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as Checkpoint<S>;
      } catch (error) {
        throw new Error(`Checkpoint ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); delete it to rebuild from the log.`);
      }
    },
    async save(offsets, state) {
      await mkdir(dirname(file), { recursive: true });
      await writeFileAtomic(file, JSON.stringify({ offsets, state, savedAt: new Date().toISOString() } satisfies Checkpoint<S>), { replace: true });
    },
  };
}
