import { Kafka, type Admin, type Producer } from 'kafkajs';
import { createLogger, type Logger } from '../../logger/index.ts';
import type { Appended, EventLog, NewRecord, Reader, TopicSpec } from '../EventLog.ts';
import { partitionFor } from '../partitionFor.ts';
import { kafkaLogCreator } from './kafkaLogCreator.ts';
import type { KafkaSasl, KafkaTls } from './KafkaSecurity.ts';
import { retryOnConnectionLoss } from './retryOnConnectionLoss.ts';
import { setGroupOffsets } from './setGroupOffsets.ts';
import { startKafkaReader } from './startKafkaReader.ts';

export interface KafkaLogOptions {
  /** `host:port` of one or more brokers. */
  brokers: readonly string[];
  /** @default 'meshgraph' */
  clientId?: string;
  /** @default a logger named `kafka` */
  logger?: Logger;
  /** SASL authentication (PLAIN or SCRAM), e.g. as the domain's user, whose ACLs let it write only its own topics. @default none */
  sasl?: KafkaSasl;
  /** TLS to the brokers: `true` with the system's CAs, or the CA, client certificate and key to use. @default false: plain TCP */
  ssl?: boolean | KafkaTls;
}

/**
 * The event log on Kafka, with kafkajs. Appends use an idempotent producer
 * with acks from all in-sync replicas, retried with backoff while the broker
 * is unreachable (logged, never a crash). Records are partitioned with Kafka's
 * own partitioner on our side, so each append knows its records' offsets.
 */
export async function createKafkaLog(options: KafkaLogOptions): Promise<EventLog> {
  const { brokers, clientId = 'meshgraph', sasl, ssl = false } = options;
  const logger = options.logger ?? createLogger({ component: 'kafka' });
  const kafka = new Kafka({
    clientId,
    brokers: [...brokers],
    logCreator: kafkaLogCreator(logger),
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 10 },
    ...(ssl ? { ssl: ssl === true ? true : { ...ssl } } : {}),
    ...(sasl ? { sasl: { ...sasl } } : {}),
  });
  const admin: Admin = kafka.admin();
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);

  const partitionCounts = new Map<string, number>();
  const roundRobin = new Map<string, number>();
  const readers = new Set<Reader>();
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error('The Kafka event log is closed.');
  };

  const retrying = <T>(what: string, run: () => Promise<T>) => retryOnConnectionLoss(what, run, logger);

  const partitionsOf = async (topic: string): Promise<number> => {
    let count = partitionCounts.get(topic);
    if (count === undefined) {
      const metadata = await retrying(`metadata of "${topic}"`, () => admin.fetchTopicMetadata({ topics: [topic] })).catch((error: unknown) => {
        if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') throw new Error(`Topic "${topic}" does not exist in Kafka; create it first.`);
        throw error;
      });
      count = metadata.topics[0]?.partitions.length ?? 0;
      partitionCounts.set(topic, count);
    }
    return count;
  };

  const endOffsets = async (topic: string): Promise<number[]> =>
    (await retrying(`offsets of "${topic}"`, () => admin.fetchTopicOffsets(topic))).sort((a, b) => a.partition - b.partition).map((p) => Number(p.high));

  const log: EventLog = {
    kind: 'kafka',

    async createTopic({ name, partitions = 1, compacted = false, retentionMs, retentionBytes }: TopicSpec) {
      assertOpen();
      const configEntries = [
        // Compacted with a retention, as the embedded log does it: the latest record per key, until it is too old.
        ...(compacted ? [{ name: 'cleanup.policy', value: retentionMs === undefined ? 'compact' : 'compact,delete' }] : []),
        ...(retentionMs !== undefined ? [{ name: 'retention.ms', value: String(retentionMs) }] : []),
        ...(retentionBytes !== undefined ? [{ name: 'retention.bytes', value: String(retentionBytes) }] : []),
      ];
      await retrying(`creating "${name}"`, () => admin.createTopics({ waitForLeaders: true, topics: [{ topic: name, numPartitions: partitions, configEntries }] }));
    },

    async append(topic: string, records: readonly NewRecord[]): Promise<Appended[]> {
      assertOpen();
      if (records.length === 0) return [];
      const partitions = await partitionsOf(topic);
      const targets = records.map((record) => {
        if (record.key !== null) return partitionFor(record.key, partitions);
        const next = roundRobin.get(topic) ?? 0;
        roundRobin.set(topic, next + 1);
        return next % partitions;
      });
      const metadata = await producer.send({
        topic,
        acks: -1,
        messages: records.map((record, i) => ({ key: record.key, value: record.value, headers: record.headers, partition: targets[i]! })),
      });
      const base = new Map(metadata.map((m) => [m.partition, Number(m.baseOffset)]));
      const seen = new Map<number, number>();
      return targets.map((partition) => {
        const index = seen.get(partition) ?? 0;
        seen.set(partition, index + 1);
        return { topic, partition, offset: (base.get(partition) ?? 0) + index };
      });
    },

    endOffsets: async (topic) => {
      assertOpen();
      return endOffsets(topic);
    },

    async offsetsForTimestamp(topic, timestamp) {
      assertOpen();
      const [found, ends] = await Promise.all([retrying(`offsets of "${topic}" by time`, () => admin.fetchTopicOffsetsByTimestamp(topic, timestamp)), endOffsets(topic)]);
      const byPartition = new Map(found.map((p) => [p.partition, Number(p.offset)]));
      // Kafka answers -1 where no record is that recent: the reader then starts at the end.
      return ends.map((end, partition) => {
        const offset = byPartition.get(partition) ?? -1;
        return offset < 0 ? end : offset;
      });
    },

    async committedOffsets(groupId, topic) {
      assertOpen();
      const [entry] = await retrying(`offsets of group "${groupId}"`, () => admin.fetchOffsets({ groupId, topics: [topic] }));
      const committed: Record<number, number> = {};
      for (const { partition, offset } of entry?.partitions ?? []) if (Number(offset) >= 0) committed[partition] = Number(offset);
      return committed;
    },

    async commitOffsets(groupId, topic, offsets) {
      assertOpen();
      await setGroupOffsets(kafka, groupId, topic, offsets);
    },

    async read(readOptions) {
      assertOpen();
      const reader = await startKafkaReader(
        { kafka, admin, logger, endOffsets, offsetsForTimestamp: log.offsetsForTimestamp, committedOffsets: log.committedOffsets },
        readOptions,
      );
      readers.add(reader);
      void reader.done.finally(() => readers.delete(reader)).catch(() => {});
      return reader;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...readers].map((reader) => reader.close()));
      await Promise.all([producer.disconnect(), admin.disconnect()]);
    },
  };
  return log;
}
