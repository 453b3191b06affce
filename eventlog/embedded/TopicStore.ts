import { access, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../../storage/durableFiles.ts';
import { readFileIfExists } from '../../storage/readFileIfExists.ts';

/** A topic's settings, as kept in its `topic.json`. */
export interface TopicMeta {
  name: string;
  partitions: number;
  /** Keep only the latest record per key in closed segments. */
  compacted: boolean;
  /** Delete whole segments whose records are all older than this; absent: keep them. */
  retentionMs?: number;
  /** Delete the oldest segments while the partition is bigger than this without them; absent: keep them. */
  retentionBytes?: number;
  /** The domain that alone appends to it; absent for a topic anyone may append to. */
  owner?: string;
  /** Processes take the append lock for each append instead of holding it (`TopicSpec.sharedAppend`); absent: false. */
  sharedAppend?: boolean;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]+$/;
const MAX_TOPIC_NAME = 249; // Kafka's limit
const MAX_PARTITIONS = 10_000;
const SEGMENT_FILE = /^\d{20}\.log$/;
/** Folders the log creates are its user's alone; files are 0600 (see `writeFileAtomic`, `Segment`). */
const PRIVATE_DIR = 0o700;

/** A segment's file name: its base offset in 20 digits, so names sort as offsets do. */
function segmentName(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0');
}

/** Throws unless `name` is a topic name both logs accept (it becomes a folder name here). */
export function validateTopicName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !TOPIC_NAME.test(name) || name === '.' || name === '..' || name.length > MAX_TOPIC_NAME) {
    throw new Error(
      `invalid topic name ${JSON.stringify(name)}: use 1 to ${MAX_TOPIC_NAME} letters, digits, '.', '_' or '-' (not "." or "..")`,
    );
  }
}

/**
 * Where the embedded log keeps its files, under its data folder:
 *
 *     topics/<topic>/topic.json                 partitions, compacted flag, owner, retention, shared append
 *     topics/<topic>/partition-<n>/<base>.log   a segment of partition n: frames from offset <base> (20 digits) on
 *     topics/<topic>/partition-<n>/<base>.index its index (an optimisation: rebuilt from the segment when missing)
 *     topics/<topic>/partition-<n>.log          partition n before segments; moved into its folder by the appender
 *     topics/<topic>/damaged/                   bytes `meshgraph log repair` moved out of segments
 *     topics/<topic>/append.lock                the appending process (of a shared-append topic: during one append)
 *     topics/<topic>/.append.lock.<pid>.<token>.holder  a process taking turns on a shared-append topic: its lock links to it
 *     topics/<topic>/groups/<group>.json        a group's committed offsets
 */
export class TopicStore {
  readonly topicsDir: string;

  constructor(readonly dataDir: string) {
    this.topicsDir = join(dataDir, 'topics');
  }

  topicDir(topic: string): string {
    return join(this.topicsDir, topic);
  }

  /** Where a partition was kept before segments: one file. */
  legacyPartitionPath(topic: string, partition: number): string {
    return join(this.topicDir(topic), `partition-${partition}.log`);
  }

  partitionDir(topic: string, partition: number): string {
    return join(this.topicDir(topic), `partition-${partition}`);
  }

  segmentPath(topic: string, partition: number, baseOffset: number): string {
    return join(this.partitionDir(topic, partition), `${segmentName(baseOffset)}.log`);
  }

  segmentIndexPath(topic: string, partition: number, baseOffset: number): string {
    return join(this.partitionDir(topic, partition), `${segmentName(baseOffset)}.index`);
  }

  damagedDir(topic: string): string {
    return join(this.topicDir(topic), 'damaged');
  }

  /** The base offsets of a partition's segments, and whether its file from before segments is still there. */
  async listSegments(topic: string, partition: number): Promise<{ legacy: boolean; bases: number[] }> {
    // The old file first: if it is moved meanwhile, the folder's listing has it.
    const legacy = await access(this.legacyPartitionPath(topic, partition)).then(
      () => true,
      () => false,
    );
    let names: string[];
    try {
      names = await readdir(this.partitionDir(topic, partition));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      names = [];
    }
    const bases = names.flatMap((name) => (SEGMENT_FILE.test(name) ? [Number(name.slice(0, 20))] : [])).sort((a, b) => a - b);
    return { legacy, bases };
  }

  lockPath(topic: string): string {
    return join(this.topicDir(topic), 'append.lock');
  }

  groupsDir(topic: string): string {
    return join(this.topicDir(topic), 'groups');
  }

  /** Creates the data folder if missing, private to its user (0700). */
  async init(): Promise<void> {
    await mkdir(this.topicsDir, { recursive: true, mode: PRIVATE_DIR });
  }

  /** Names of the topics on disk (folders with a `topic.json`). */
  async list(): Promise<string[]> {
    const entries = await readdir(this.topicsDir, { withFileTypes: true });
    const names: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() && TOPIC_NAME.test(entry.name) && (await this.readMeta(entry.name))) names.push(entry.name);
    }
    return names;
  }

  /** The topic's settings, or undefined when it does not exist (yet). */
  async readMeta(topic: string): Promise<TopicMeta | undefined> {
    const path = join(this.topicDir(topic), 'topic.json');
    const text = await readFileIfExists(path);
    if (text === undefined) return undefined;
    const meta = JSON.parse(text) as Partial<TopicMeta>;
    if (
      meta.name !== topic ||
      !Number.isInteger(meta.partitions) ||
      (meta.partitions ?? 0) < 1 ||
      typeof meta.compacted !== 'boolean' ||
      (meta.owner !== undefined && (typeof meta.owner !== 'string' || meta.owner === '')) ||
      (meta.sharedAppend !== undefined && typeof meta.sharedAppend !== 'boolean') ||
      !isRetention(meta.retentionMs) ||
      !isRetention(meta.retentionBytes)
    ) {
      throw new Error(`${path} is not a valid topic file: ${text.slice(0, 200)}`);
    }
    return {
      name: topic,
      partitions: meta.partitions!,
      compacted: meta.compacted,
      ...(meta.owner !== undefined ? { owner: meta.owner } : {}),
      ...retentionOf(meta),
      ...(meta.sharedAppend ? { sharedAppend: true } : {}),
    };
  }

  /**
   * Creates the topic's folder, partition files and `topic.json`, each made
   * durable before the next, so a visible `topic.json` means a whole topic.
   * When another process created the topic first, returns its settings.
   */
  async create(meta: TopicMeta): Promise<TopicMeta> {
    if (!Number.isInteger(meta.partitions) || meta.partitions < 1 || meta.partitions > MAX_PARTITIONS) {
      throw new Error(`topic "${meta.name}": partitions must be a whole number from 1 to ${MAX_PARTITIONS}, not ${meta.partitions}`);
    }
    const dir = this.topicDir(meta.name);
    await mkdir(join(dir, 'groups'), { recursive: true, mode: PRIVATE_DIR });
    await fsyncDir(this.topicsDir);
    for (let partition = 0; partition < meta.partitions; partition++) {
      await mkdir(this.partitionDir(meta.name, partition), { recursive: true, mode: PRIVATE_DIR });
    }
    await fsyncDir(dir);
    try {
      await writeFileAtomic(join(dir, 'topic.json'), metaJson(meta), { replace: false, mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return (await this.readMeta(meta.name))!;
  }

  /** Records `owner` as the owner of a topic that has none (a topic from before owners); returns the settings now on disk. */
  async claim(topic: string, owner: string): Promise<TopicMeta> {
    const meta = await this.readMeta(topic);
    if (!meta) throw new Error(`unknown topic "${topic}": create it first with createTopic({ name: '${topic}' })`);
    if (meta.owner !== undefined) return meta;
    await writeFileAtomic(join(this.topicDir(topic), 'topic.json'), metaJson({ ...meta, owner }), { replace: true, mode: 0o600 });
    return { ...meta, owner };
  }

  /**
   * Records that processes share appends to a topic created without it (it
   * cannot be undone); returns the settings now on disk. Processes that
   * opened the topic before see it before their next first append.
   */
  async share(topic: string): Promise<TopicMeta> {
    const meta = await this.readMeta(topic);
    if (!meta) throw new Error(`unknown topic "${topic}": create it first with createTopic({ name: '${topic}' })`);
    if (meta.sharedAppend) return meta;
    await writeFileAtomic(join(this.topicDir(topic), 'topic.json'), metaJson({ ...meta, sharedAppend: true }), { replace: true, mode: 0o600 });
    return { ...meta, sharedAppend: true };
  }
}

function metaJson(meta: TopicMeta): string {
  const { name, partitions, compacted, owner, sharedAppend } = meta;
  return JSON.stringify({ name, partitions, compacted, ...(owner !== undefined ? { owner } : {}), ...retentionOf(meta), ...(sharedAppend ? { sharedAppend } : {}) }, null, 2) + '\n';
}

/** Whether `value` is a retention setting: absent, or a positive whole number. */
export function isRetention(value: unknown): value is number | undefined {
  return value === undefined || (Number.isSafeInteger(value) && (value as number) > 0);
}

/** The retention settings of `meta` that are set. */
function retentionOf(meta: Partial<TopicMeta>): Pick<TopicMeta, 'retentionMs' | 'retentionBytes'> {
  return {
    ...(meta.retentionMs !== undefined ? { retentionMs: meta.retentionMs } : {}),
    ...(meta.retentionBytes !== undefined ? { retentionBytes: meta.retentionBytes } : {}),
  };
}
