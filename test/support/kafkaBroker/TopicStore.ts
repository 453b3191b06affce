import { PartitionLog } from './PartitionLog.ts';
import type { RecordBatch } from './recordBatch.ts';

/** A topic: its partitions' logs and the configs it was created with. */
export interface Topic {
  name: string;
  partitions: PartitionLog[];
  configs: Map<string, string | null>;
}

/** Kafka's rule for topic names: 1 to 249 of `[a-zA-Z0-9._-]`, and not `.` or `..`. */
export function isValidTopicName(name: string): boolean {
  return /^[a-zA-Z0-9._-]{1,249}$/.test(name) && name !== '.' && name !== '..';
}

/**
 * Every topic of the broker, in memory, and the long-poll hook: fetches with
 * nothing to return wait on {@link TopicStore.waitForAppend}.
 */
export class TopicStore {
  readonly #topics = new Map<string, Topic>();
  readonly #appendWaiters = new Set<() => void>();

  constructor(readonly defaultPartitions: number) {}

  get(name: string): Topic | undefined {
    return this.#topics.get(name);
  }

  names(): string[] {
    return [...this.#topics.keys()];
  }

  /** Creates a topic; the caller checks it does not exist yet. */
  create(name: string, partitions = this.defaultPartitions, configs = new Map<string, string | null>()): Topic {
    const topic: Topic = { name, configs, partitions: Array.from({ length: partitions }, () => new PartitionLog()) };
    this.#topics.set(name, topic);
    return topic;
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.#topics.get(topic)?.partitions[partition];
  }

  /** Appends a validated batch, wakes waiting fetches, and returns the batch's base offset. */
  append(log: PartitionLog, bytes: Buffer, batch: RecordBatch): number {
    const baseOffset = log.append(bytes, batch);
    this.#wakeAll();
    return baseOffset;
  }

  /** Resolves on the next append, after `timeoutMs`, or when `signal` aborts, whichever comes first. */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (timeoutMs <= 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#appendWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.#appendWaiters.add(done);
    });
  }

  /** End offset of every partition of every topic. */
  endOffsets(): Map<string, number[]> {
    return new Map([...this.#topics].map(([name, topic]) => [name, topic.partitions.map((p) => p.endOffset)]));
  }

  /** Releases every waiting fetch (the broker is closing). */
  close(): void {
    this.#wakeAll();
  }

  #wakeAll(): void {
    for (const wake of [...this.#appendWaiters]) wake();
  }
}
