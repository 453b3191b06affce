import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../../storage/durableFiles.ts';
import { readFileIfExists } from '../../storage/readFileIfExists.ts';

/** A topic's settings, as kept in its `topic.json`. */
export interface TopicMeta {
  name: string;
  partitions: number;
  /** Accepted and kept; records are not compacted yet. */
  compacted: boolean;
  /** The domain that alone appends to it; absent for a topic anyone may append to. */
  owner?: string;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]+$/;
const MAX_TOPIC_NAME = 249; // Kafka's limit
const MAX_PARTITIONS = 10_000;

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
 *     topics/<topic>/topic.json                 partitions, compacted flag and owner
 *     topics/<topic>/partition-<n>.log          the frames of partition n
 *     topics/<topic>/append.lock                the appending process
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

  partitionPath(topic: string, partition: number): string {
    return join(this.topicDir(topic), `partition-${partition}.log`);
  }

  lockPath(topic: string): string {
    return join(this.topicDir(topic), 'append.lock');
  }

  groupsDir(topic: string): string {
    return join(this.topicDir(topic), 'groups');
  }

  /** Creates the data folder if missing. */
  async init(): Promise<void> {
    await mkdir(this.topicsDir, { recursive: true });
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
      (meta.owner !== undefined && (typeof meta.owner !== 'string' || meta.owner === ''))
    ) {
      throw new Error(`${path} is not a valid topic file: ${text.slice(0, 200)}`);
    }
    return { name: topic, partitions: meta.partitions!, compacted: meta.compacted, ...(meta.owner !== undefined ? { owner: meta.owner } : {}) };
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
    await mkdir(join(dir, 'groups'), { recursive: true });
    await fsyncDir(this.topicsDir);
    for (let partition = 0; partition < meta.partitions; partition++) {
      await (await open(this.partitionPath(meta.name, partition), 'a')).close();
    }
    await fsyncDir(dir);
    try {
      await writeFileAtomic(join(dir, 'topic.json'), metaJson(meta), { replace: false });
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
    await writeFileAtomic(join(this.topicDir(topic), 'topic.json'), metaJson({ ...meta, owner }), { replace: true });
    return { ...meta, owner };
  }
}

function metaJson(meta: TopicMeta): string {
  const { name, partitions, compacted, owner } = meta;
  return JSON.stringify({ name, partitions, compacted, ...(owner !== undefined ? { owner } : {}) }, null, 2) + '\n';
}
