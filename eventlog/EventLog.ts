/**
 * The event log: the append-only streams behind every output port. One
 * interface, two implementations (embedded, Kafka); nothing here knows
 * GraphQL or kafkajs.
 *
 * Semantics follow Kafka so the two behave alike: a topic has partitions; a
 * record's partition comes from its key (`partitionFor`), so records with the
 * same key stay in order; offsets count from 0 per partition; an offset
 * "committed" for a group is the next one it will read.
 */

/** Header names every record carries (values are strings). */
export const HEADERS = {
  /** When the fact happened, ISO-8601. */
  occurredAt: 'occurred-at',
  /** When the mesh recorded it, ISO-8601. */
  recordedAt: 'recorded-at',
  /** The domain that produced the record. */
  producer: 'producer',
  /** Version of the value's schema, e.g. `1`. */
  schemaVersion: 'schema-version',
} as const;

/** A record to append. */
export interface NewRecord {
  /** Usually a polyseme id (`l-42`); null spreads records over partitions in turn. */
  key: string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
}

/** A record as read back. */
export interface LogRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
  /** When the log appended it, epoch milliseconds. */
  timestamp: number;
}

/** Where an appended record went. */
export interface Appended {
  topic: string;
  partition: number;
  offset: number;
}

export interface TopicSpec {
  name: string;
  /** @default 1 */
  partitions?: number;
  /** Keep only the latest record per key (a current-state topic). @default false */
  compacted?: boolean;
  /** Delete records older than this many milliseconds, a whole segment at a time (Kafka's `retention.ms`). @default keep them */
  retentionMs?: number;
  /** Delete the oldest records, a whole segment at a time, while a partition is bigger than this (Kafka's `retention.bytes`). @default keep them */
  retentionBytes?: number;
  /**
   * The domain that alone appends to the topic (its producer), recorded when
   * the topic is created; an existing topic without an owner takes it. The
   * embedded log enforces it; on Kafka, broker ACLs do.
   * @default the embedded log's principal; none when it has none
   */
  owner?: string;
  /**
   * Several processes may append to the topic at once (gateway replicas on
   * one host sharing the governance topics): the embedded log takes the
   * topic's append lock for each append, after catching up with the others'
   * appends, instead of holding it from the first append on. Recorded when
   * the topic is created; an existing topic takes it. Kafka ignores it: any
   * number of producers append there.
   * @default false: one process appends; another gets `TopicLockedError`
   */
  sharedAppend?: boolean;
}

/** A topic as an event contract declares it: name, partitions, compaction and owner spelt out; retention and shared append optional. */
export type DeclaredTopic = Required<Omit<TopicSpec, 'retentionMs' | 'retentionBytes' | 'sharedAppend'>> & TopicSpec;

/** Where a reader starts in each partition. */
export type StartFrom =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  /** The first record appended at or after this epoch-millisecond time. */
  | { kind: 'timestamp'; timestamp: number }
  /** The offset to read next, per partition; partitions not named start at the earliest. */
  | { kind: 'offsets'; offsets: Readonly<Record<number, number>> };

export interface ReadOptions {
  topic: string;
  /**
   * Consumer group. Readers of one group split the partitions between them;
   * without `from`, a group starts at its committed offsets (earliest where none).
   */
  groupId?: string;
  /** Where to start; overrides the group's committed offsets. @default committed offsets, else earliest */
  from?: StartFrom;
  /**
   * Called with each batch of records, in offset order within a partition; the
   * next batch waits for the returned promise. If it throws, the reader stops
   * (and `done` rejects) without committing the batch.
   */
  onBatch: (records: readonly LogRecord[]) => Promise<void> | void;
  /** With a group: commit the offsets after each batch `onBatch` finished. @default true */
  autoCommit?: boolean;
}

/** A live reader: it keeps delivering records appended after it started, until closed. */
export interface Reader {
  /**
   * Resolves once every record that was in the log when the reader started
   * (its end offsets then) has been handed to `onBatch` and that call finished.
   */
  readonly caughtUp: Promise<void>;
  /** Settles when the reader stops: resolves after `close`, rejects if `onBatch` threw. */
  readonly done: Promise<void>;
  close(): Promise<void>;
}

/** The append-only log. */
export interface EventLog {
  readonly kind: 'embedded' | 'kafka';
  /** Creates the topic if it does not exist; an existing topic is left as it is (one without an owner takes `spec.owner`). */
  createTopic(spec: TopicSpec): Promise<void>;
  /** Appends records; resolves once they are durable, with where each went, in order. Rejects with `AppendRefusedError` when the caller does not own the topic. */
  append(topic: string, records: readonly NewRecord[]): Promise<Appended[]>;
  /** The next offset of each partition (its length), indexed by partition. */
  endOffsets(topic: string): Promise<number[]>;
  /** Per partition, the first offset appended at or after `timestamp` (the end offset when none). */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<number[]>;
  /** The group's committed offsets per partition; partitions it never committed are absent. */
  committedOffsets(groupId: string, topic: string): Promise<Record<number, number>>;
  commitOffsets(groupId: string, topic: string, offsets: Readonly<Record<number, number>>): Promise<void>;
  /** Starts a live reader. */
  read(options: ReadOptions): Promise<Reader>;
  /** Closes readers and connections; appends after this reject. */
  close(): Promise<void>;
}
