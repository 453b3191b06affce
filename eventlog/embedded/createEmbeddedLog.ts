import { resolve } from 'node:path';
import { createLogger, type Logger } from '../../logger/index.ts';
import type { Appended, EventLog, NewRecord, ReadOptions, Reader, TopicSpec } from '../EventLog.ts';
import { EmbeddedReader } from './EmbeddedReader.ts';
import { GroupMembership } from './GroupMembership.ts';
import { GroupOffsets } from './GroupOffsets.ts';
import { checkAppendAllowed } from './checkAppendAllowed.ts';
import type { DamagedRange } from './DamagedRange.ts';
import { Topic, type TopicSettings } from './Topic.ts';
import { isRetention, TopicStore, validateTopicName, type TopicMeta } from './TopicStore.ts';

/**
 * The segment size when none is given: big enough that a partition has few
 * files, small enough that a crash leaves little to scan and retention is
 * fine-grained (the demo's 300,000 plays make a few segments per partition).
 */
export const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;

export interface EmbeddedLogOptions {
  /** Folder of the log's files; created if missing. */
  dataDir: string;
  /** @default a logger that prints nothing */
  logger?: Logger;
  /**
   * Who appends through this log: a domain's name. Topics it creates are its
   * own, and it may not append to topics another domain owns.
   * @default none: a tool's log, which appends to any topic, but only records whose `producer` header names the topic's owner
   */
  principal?: string;
  /** Roll a partition to a new segment file once its last one has this many bytes. @default 16777216 (16 MiB) */
  segmentBytes?: number;
  /** The clock of record timestamps and time retention, in epoch milliseconds (tests move it). @default Date.now */
  now?: () => number;
}

/** The embedded event log, with its counters and its damage report. */
export interface EmbeddedLog extends EventLog {
  readonly kind: 'embedded';
  /** The resolved data folder. */
  readonly dataDir: string;
  /**
   * Over the open topics: append calls so far, the write+fsync rounds they
   * took, and the bytes read by scanning segments rather than through their
   * index files (a reopen after a clean close scans nothing).
   */
  stats(): { appendCalls: number; syncRounds: number; scannedBytes: number };
  /**
   * Bytes of the open topics' segments that hold no readable record, with
   * valid records after them, and the offsets they held: empty when the log
   * is healthy. Readers skip them; `meshgraph log repair` moves them aside.
   */
  damage(): DamagedRange[];
  /** The first offset each partition keeps (retention moves it forward; `earliest` starts there). */
  earliestOffsets(topic: string): Promise<number[]>;
}

/**
 * Opens the event log kept in files under `dataDir`, for a single machine.
 *
 * - Appends are durable: `append` resolves after the records are written and
 *   fdatasynced; concurrent appends share a write and an fsync (group commit).
 * - A partition is a folder of segment files (`segmentBytes` each), named by
 *   their first offset, each with an index file; opening reads the indexes and
 *   scans only what they do not cover (after a crash, part of the last segment).
 * - A bad frame with valid frames after it is damage: every other record keeps
 *   its offset, the damaged bytes are kept and skipped, reported as an error
 *   and by `damage()`, and their offsets are never used again. Bytes after the
 *   last valid frame are a torn write, which only the appending process cuts.
 * - A topic's `retentionMs` / `retentionBytes` delete whole old segments; a
 *   compacted topic keeps only the latest record per key in closed segments.
 * - Several processes may share `dataDir`: one appends to a topic (it holds the
 *   topic's `append.lock`; another process appending gets an error naming it),
 *   any number read it and see its appends through `fs.watch` and a 200 ms check.
 *   A topic created with `sharedAppend` takes appends from several processes:
 *   each group-commit round holds the lock only while it catches up with the
 *   others' appends and writes after them, so offsets stay dense and unique.
 * - Readers of one consumer group split the partitions when they are in one
 *   process; across processes, only one process per group is supported.
 * - A topic has an owner (the domain that created it, or the `owner` its spec
 *   names): only a log opened with that `principal` (or with none) appends to
 *   it, and only records whose `producer` header names the owner.
 */
export async function createEmbeddedLog(options: EmbeddedLogOptions): Promise<EmbeddedLog> {
  if (typeof options?.dataDir !== 'string' || options.dataDir === '') throw new Error('createEmbeddedLog needs a dataDir');
  const { principal } = options;
  if (principal !== undefined && (typeof principal !== 'string' || principal === '')) throw new Error(`createEmbeddedLog: principal must be a domain's name, not ${JSON.stringify(principal)}`);
  const { segmentBytes = DEFAULT_SEGMENT_BYTES, now = Date.now } = options;
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < 1) throw new Error(`createEmbeddedLog: segmentBytes must be a positive whole number, not ${JSON.stringify(segmentBytes)}`);
  const logger = options.logger ?? createLogger({ component: 'embedded-log', level: 'silent' });
  const started = performance.now();
  const store = new TopicStore(resolve(options.dataDir));
  await store.init();
  const log = new EmbeddedEventLog(store, logger, principal, { segmentBytes, now });
  const topics = await Promise.all((await store.list()).map((name) => log.openTopic(name)));
  logger.info('embedded log open', {
    dataDir: store.dataDir,
    topics: topics.length,
    records: topics.reduce((sum, topic) => sum + topic.endOffsets().reduce((a, b) => a + b, 0), 0),
    ms: Math.round(performance.now() - started),
    scannedBytes: log.stats().scannedBytes,
  });
  const damaged = log.damage();
  if (damaged.length > 0) {
    logger.error('the embedded log has damaged records: readers skip them; run `meshgraph log verify` for the whole report', {
      dataDir: store.dataDir,
      ranges: damaged.length,
      offsetsLost: damaged.reduce((sum, range) => sum + range.endOffset - range.firstOffset, 0),
    });
  }
  return log;
}

class EmbeddedEventLog implements EmbeddedLog {
  readonly kind = 'embedded' as const;
  private readonly topics = new Map<string, Topic>();
  private readonly opening = new Map<string, Promise<Topic>>();
  private readonly readers = new Set<EmbeddedReader>();
  /** Each topic's owner, read from its `topic.json` (with its shared-append setting) before this log's first append to it. */
  private readonly owners = new Map<string, Promise<string | undefined>>();
  private readonly groupOffsets: GroupOffsets;
  private readonly membership: GroupMembership;
  private closed = false;

  constructor(
    private readonly store: TopicStore,
    private readonly logger: Logger,
    private readonly principal: string | undefined,
    private readonly settings: TopicSettings,
  ) {
    this.groupOffsets = new GroupOffsets(store);
    this.membership = new GroupMembership(logger);
  }

  get dataDir(): string {
    return this.store.dataDir;
  }

  stats(): { appendCalls: number; syncRounds: number; scannedBytes: number } {
    const sum = { appendCalls: 0, syncRounds: 0, scannedBytes: 0 };
    for (const topic of this.topics.values()) {
      const { appendCalls, syncRounds, scannedBytes } = topic.stats;
      sum.appendCalls += appendCalls;
      sum.syncRounds += syncRounds;
      sum.scannedBytes += scannedBytes;
    }
    return sum;
  }

  damage(): DamagedRange[] {
    return [...this.topics.values()].flatMap((topic) => topic.damage());
  }

  async earliestOffsets(topic: string): Promise<number[]> {
    const open = await this.topic(topic);
    await open.refresh();
    return open.earliestOffsets();
  }

  async createTopic(spec: TopicSpec): Promise<void> {
    this.assertOpen();
    validateTopicName(spec?.name);
    const owner = spec.owner ?? this.principal;
    const { retentionMs, retentionBytes } = spec;
    const meta: TopicMeta = {
      name: spec.name,
      partitions: spec.partitions ?? 1,
      compacted: spec.compacted ?? false,
      ...(owner !== undefined ? { owner } : {}),
      ...(retentionMs !== undefined ? { retentionMs } : {}),
      ...(retentionBytes !== undefined ? { retentionBytes } : {}),
      ...(spec.sharedAppend ? { sharedAppend: true } : {}),
    };
    if (spec.sharedAppend !== undefined && typeof spec.sharedAppend !== 'boolean') throw new Error(`topic "${meta.name}": sharedAppend must be true or false`);
    if (typeof meta.compacted !== 'boolean') throw new Error(`topic "${meta.name}": compacted must be true or false`);
    for (const [name, value] of Object.entries({ retentionMs, retentionBytes })) {
      if (!isRetention(value)) throw new Error(`topic "${meta.name}": ${name} must be a positive whole number (or left out to keep everything), not ${JSON.stringify(value)}`);
    }
    if (owner !== undefined && (typeof owner !== 'string' || owner === '')) throw new Error(`topic "${meta.name}": owner must be a domain's name, not ${JSON.stringify(owner)}`);
    while (!this.topics.has(meta.name)) {
      const pending = this.opening.get(meta.name);
      if (pending) await pending.catch(() => undefined);
      else await this.openTopic(meta.name, meta);
    }
    if (spec.owner !== undefined) {
      const claimed = (await this.store.claim(meta.name, spec.owner)).owner;
      this.owners.set(meta.name, Promise.resolve(claimed));
      if (claimed !== spec.owner) throw new Error(`topic "${meta.name}" is owned by "${claimed}" and cannot be claimed by "${spec.owner}"`);
    }
    if (spec.sharedAppend && !this.topics.get(meta.name)!.sharedAppend) {
      await this.store.share(meta.name);
      this.shareAppends(meta.name);
    }
  }

  async append(topic: string, records: readonly NewRecord[]): Promise<Appended[]> {
    const open = await this.topic(topic);
    checkAppendAllowed(topic, await this.ownerOf(topic), this.principal, records);
    return open.append(records);
  }

  async endOffsets(topic: string): Promise<number[]> {
    const open = await this.topic(topic);
    await open.refresh();
    return open.endOffsets();
  }

  async offsetsForTimestamp(topic: string, timestamp: number): Promise<number[]> {
    if (typeof timestamp !== 'number' || Number.isNaN(timestamp)) throw new TypeError(`offsetsForTimestamp of "${topic}" needs a timestamp in epoch milliseconds`);
    const open = await this.topic(topic);
    await open.refresh();
    return open.endOffsets().map((_, partition) => open.file(partition).offsetForTimestamp(timestamp));
  }

  async committedOffsets(groupId: string, topic: string): Promise<Record<number, number>> {
    await this.topic(topic);
    return this.groupOffsets.committed(groupId, topic);
  }

  async commitOffsets(groupId: string, topic: string, offsets: Readonly<Record<number, number>>): Promise<void> {
    const open = await this.topic(topic);
    for (const [partition, offset] of Object.entries(offsets)) {
      const index = Number(partition);
      if (!Number.isInteger(index) || index < 0 || index >= open.partitions) {
        throw new RangeError(`cannot commit partition ${partition} of "${topic}": it has partitions 0 to ${open.partitions - 1}`);
      }
      if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`cannot commit offset ${offset} for "${topic}" partition ${partition}`);
    }
    await this.groupOffsets.commit(groupId, topic, offsets);
  }

  async read(options: ReadOptions): Promise<Reader> {
    const topic = await this.topic(options?.topic);
    const reader = await EmbeddedReader.start({ topic, groupOffsets: this.groupOffsets, membership: this.membership, logger: this.logger }, options);
    this.readers.add(reader);
    void reader.done.catch(() => undefined).finally(() => this.readers.delete(reader));
    if (this.closed) await reader.close();
    return reader;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.readers].map((reader) => reader.close()));
    await Promise.all([...this.opening.values()].map((pending) => pending.catch(() => undefined)));
    await Promise.all([...this.topics.values()].map((topic) => topic.close()));
    this.topics.clear();
  }

  /** Opens a topic known on disk (created by any process), or creates it when `create` is given. */
  openTopic(name: string, create?: TopicMeta): Promise<Topic> {
    const pending = (async () => {
      const meta = (await this.store.readMeta(name)) ?? (create && (await this.store.create(create)));
      if (!meta) throw new Error(`unknown topic "${name}": create it first with createTopic({ name: '${name}' })`);
      const topic = await Topic.open(meta, this.store, this.logger, this.settings);
      if (this.closed) {
        await topic.close();
        throw this.closedError();
      }
      this.topics.set(name, topic);
      return topic;
    })().finally(() => this.opening.delete(name));
    this.opening.set(name, pending);
    return pending;
  }

  /** Makes the open topic take turns appending; says so when this log keeps the lock it holds for good. */
  private shareAppends(name: string): void {
    if (this.topics.get(name)?.shareAppends() === false) {
      this.logger.warn('topic became shared-append after this log took its append lock; it keeps the lock until closed', { topic: name });
    }
  }

  /** The topic's owner, as its `topic.json` said when this log first asked (a shared-append setting found there applies from then on). */
  private ownerOf(name: string): Promise<string | undefined> {
    let owner = this.owners.get(name);
    if (!owner) {
      owner = this.store.readMeta(name).then((meta) => {
        if (meta?.sharedAppend) this.shareAppends(name);
        return meta?.owner;
      });
      owner.catch(() => this.owners.delete(name));
      this.owners.set(name, owner);
    }
    return owner;
  }

  /** The open topic; one created by another process since is read from its `topic.json`. */
  private async topic(name: string): Promise<Topic> {
    this.assertOpen();
    validateTopicName(name);
    return this.topics.get(name) ?? (await (this.opening.get(name) ?? this.openTopic(name)));
  }

  private assertOpen(): void {
    if (this.closed) throw this.closedError();
  }

  private closedError(): Error {
    return new Error(`the embedded log at ${this.store.dataDir} is closed`);
  }
}
