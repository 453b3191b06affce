import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The segment files of a partition, oldest first (a data folder from before segments has one file, `partition-<n>.log`). */
export async function segmentFiles(dataDir: string, topic: string, partition: number): Promise<string[]> {
  const dir = join(dataDir, 'topics', topic, `partition-${partition}`);
  try {
    return (await readdir(dir))
      .filter((name) => /^\d{20}\.log$/.test(name))
      .sort()
      .map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return [join(dataDir, 'topics', topic, `partition-${partition}.log`)];
  }
}

/** The frames of a segment file: where each starts and ends. */
export function frames(file: Buffer): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  for (let at = 0; at + 8 <= file.length; ) {
    const end = at + 8 + file.readUInt32BE(at);
    found.push({ start: at, end });
    at = end;
  }
  return found;
}
