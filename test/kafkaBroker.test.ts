import { CompressionTypes, ConfigResourceTypes, Kafka, logLevel, type Admin, type Consumer, type ConsumerConfig, type IHeaders, type Producer, type ProducerConfig } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc32c } from '../eventlog/embedded/crc32c.ts';
import { startKafkaTestBroker, type KafkaTestBroker } from './support/kafkaBroker/index.ts';
import { ErrorCode } from './support/kafkaBroker/protocol/errorCodes.ts';
import type { Reader } from './support/kafkaBroker/protocol/Reader.ts';
import { Writer } from './support/kafkaBroker/protocol/Writer.ts';
import { RawKafkaClient } from './support/kafkaBroker/RawKafkaClient.ts';
import { decodeRecordBatch, encodeRecordBatch } from './support/kafkaBroker/recordBatch.ts';

/** Items that arrive over time, and promises that resolve once they satisfy a condition. */
class Watch<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<{ test: (items: T[]) => boolean; resolve: () => void; reject: (error: unknown) => void }>();
  #failure: unknown;

  push(item: T): void {
    this.items.push(item);
    for (const waiter of this.#waiters) {
      if (!waiter.test(this.items)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }

  /** Makes every wait fail (a consumer crashed for good), so a test fails with the cause instead of timing out. */
  fail(error: unknown): void {
    this.#failure = error;
    for (const waiter of this.#waiters) waiter.reject(error);
    this.#waiters.clear();
  }

  until(test: (items: T[]) => boolean): Promise<T[]> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (test(this.items)) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => this.#waiters.add({ test, resolve: () => resolve(this.items), reject }));
  }
}

interface Received {
  consumer: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  timestamp: string;
}

interface Join {
  consumer: string;
  partitions: number[];
}

interface ConsumerHandle {
  consumer: Consumer;
  inbox: Watch<Received>;
  joins: Watch<Join>;
  /** Committed offset per partition, as the consumer reported its commits. */
  commits: Watch<Map<number, number>>;
}

const headersOf = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([key, value]) => [key, String(value)]));
const valuesOf = (messages: Received[]) => messages.map((m) => m.value);
const sorted = (numbers: Iterable<number>) => [...numbers].sort((a, b) => a - b);

let broker: KafkaTestBroker;
const cleanups: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  broker = await startKafkaTestBroker();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  await broker.close();
});

const kafka = () =>
  new Kafka({ clientId: 'kafka-broker-test', brokers: [broker.address], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 10 } });

async function connectAdmin(): Promise<Admin> {
  const admin = kafka().admin();
  cleanups.push(() => admin.disconnect());
  await admin.connect();
  return admin;
}

async function connectProducer(config: ProducerConfig = {}): Promise<Producer> {
  const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1, ...config });
  cleanups.push(() => producer.disconnect());
  await producer.connect();
  return producer;
}

interface ConsumerOptions {
  label?: string;
  inbox?: Watch<Received>;
  joins?: Watch<Join>;
  config?: Partial<ConsumerConfig>;
}

/** A running group consumer from the beginning of `topic`; its messages, joins and commits are watched. */
async function startConsumer(groupId: string, topic: string, options: ConsumerOptions = {}): Promise<ConsumerHandle> {
  const label = options.label ?? groupId;
  const inbox = options.inbox ?? new Watch<Received>();
  const joins = options.joins ?? new Watch<Join>();
  const commits = new Watch<Map<number, number>>();
  const committed = new Map<number, number>();
  // Heartbeats go out after each fetch, so a short max wait lets members notice rebalances quickly.
  const consumer = kafka().consumer({ groupId, heartbeatInterval: 50, sessionTimeout: 6_000, rebalanceTimeout: 6_000, maxWaitTimeInMs: 100, ...options.config });
  cleanups.push(() => consumer.disconnect());
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => joins.push({ consumer: label, partitions: sorted(payload.memberAssignment[topic] ?? []) }));
  consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
    for (const { partitions } of payload.topics) for (const { partition, offset } of partitions) committed.set(Number(partition), Number(offset)); // kafkajs reports partitions as strings here
    commits.push(new Map(committed));
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) for (const watch of [inbox, joins, commits]) watch.fail(payload.error);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      inbox.push({
        consumer: label,
        partition,
        offset: Number(message.offset),
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers: headersOf(message.headers),
        timestamp: message.timestamp,
      });
    },
  });
  return { consumer, inbox, joins, commits };
}

describe('the Kafka test broker, with kafkajs', () => {
  it('creates topics (compacted ones keep their config), describes them, and treats re-creation as kafkajs expects', async () => {
    const admin = await connectAdmin();
    const created = await admin.createTopics({
      topics: [
        { topic: 'plain', numPartitions: 3 },
        { topic: 'compacted', numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
    expect(created).toBe(true);

    const { topics } = await admin.fetchTopicMetadata({ topics: ['plain', 'compacted'] });
    const byName = new Map(topics.map((t) => [t.name, t.partitions]));
    expect(sorted(byName.get('plain')!.map((p) => p.partitionId))).toEqual([0, 1, 2]);
    expect(byName.get('compacted')).toHaveLength(2);
    for (const partition of [...byName.values()].flat()) expect(partition).toMatchObject({ leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 });

    expect(await admin.createTopics({ topics: [{ topic: 'compacted', numPartitions: 5 }] })).toBe(false);
    expect(broker.topics()).toEqual(new Map([['plain', [0, 0, 0]], ['compacted', [0, 0]]]));

    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'compacted' }] });
    expect(resources[0]?.configEntries).toContainEqual(expect.objectContaining({ configName: 'cleanup.policy', configValue: 'compact' }));
    expect(await admin.listTopics()).toEqual(expect.arrayContaining(['plain', 'compacted']));
  });

  it('delivers keyed messages with headers and timestamps to a group consumer, in order per partition', async () => {
    const admin = await connectAdmin();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] });
    const producer = await connectProducer();
    const base = Date.now() - 60_000;
    const sent = Array.from({ length: 30 }, (_, i) => ({
      key: `customer-${i % 7}`,
      value: JSON.stringify({ order: i }),
      headers: { seq: String(i), source: 'kafkaBroker.test' },
      timestamp: String(base + i * 1_000),
    }));
    await producer.send({ topic: 'orders', acks: -1, messages: sent.slice(0, 10) });
    await producer.send({ topic: 'orders', acks: -1, compression: CompressionTypes.GZIP, messages: sent.slice(10, 20) });
    await producer.send({ topic: 'orders', acks: -1, messages: sent.slice(20) });
    expect([...broker.topics().get('orders')!].reduce((a, b) => a + b)).toBe(30);

    const { inbox } = await startConsumer('order-readers', 'orders');
    const received = await inbox.until((messages) => messages.length >= 30);

    expect(received).toHaveLength(30);
    for (const message of received) {
      const original = sent[Number(message.headers.seq)]!;
      expect(message).toMatchObject({ key: original.key, value: original.value, headers: original.headers, timestamp: original.timestamp });
    }
    const partitionsByKey = new Map<string, Set<number>>();
    for (const { key, partition } of received) partitionsByKey.set(key!, (partitionsByKey.get(key!) ?? new Set()).add(partition));
    for (const partitions of partitionsByKey.values()) expect(partitions.size).toBe(1);
    for (const partition of [0, 1, 2]) {
      const inPartition = received.filter((m) => m.partition === partition);
      expect(inPartition.map((m) => m.offset)).toEqual(inPartition.map((_, i) => i));
      const sequence = inPartition.map((m) => Number(m.headers.seq));
      expect(sequence).toEqual(sorted(sequence));
    }
  });

  it('hands a caught-up consumer a new message at once: its fetch waits on the broker until the append', async () => {
    const producer = await connectProducer();
    await producer.send({ topic: 'live', messages: [{ value: 'before' }] });
    const maxWaitTimeInMs = 5_000;
    const { consumer, inbox } = await startConsumer('tailers', 'live', { config: { maxWaitTimeInMs } });
    await inbox.until((messages) => messages.length === 1);

    const producedAt = Date.now();
    await producer.send({ topic: 'live', messages: [{ value: 'after' }] });
    await inbox.until((messages) => messages.length === 2);
    // Without the wake-up on append, the waiting fetch would answer only after max wait.
    expect(Date.now() - producedAt).toBeLessThan(maxWaitTimeInMs / 2);
    expect(valuesOf(inbox.items)).toEqual(['before', 'after']);

    // kafkajs stops only after its fetch in flight returns; an append ends that wait too.
    await Promise.all([consumer.disconnect(), producer.send({ topic: 'live', messages: [{ value: 'wake-up' }] })]);
  });

  it('answers high and low watermarks, and offsets by timestamp', async () => {
    const admin = await connectAdmin();
    await admin.createTopics({ topics: [{ topic: 'history', numPartitions: 2 }] });
    const producer = await connectProducer();
    const t0 = Date.now() - 3_600_000;
    const at = (ms: number, value: string) => ({ value, partition: 0, timestamp: String(t0 + ms) });
    await producer.send({ topic: 'history', messages: [at(0, 'a'), at(10, 'b'), at(20, 'c')] });
    await producer.send({ topic: 'history', messages: [at(30, 'd')] });

    const offsets = await admin.fetchTopicOffsets('history');
    expect(offsets.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: '4', high: '4', low: '0' },
      { partition: 1, offset: '0', high: '0', low: '0' },
    ]);
    const byTimestamp = async (ms: number) => (await admin.fetchTopicOffsetsByTimestamp('history', t0 + ms)).sort((a, b) => a.partition - b.partition).map((p) => p.offset);
    expect(await byTimestamp(-1_000)).toEqual(['0', '0']);
    expect(await byTimestamp(15)).toEqual(['2', '0']);
    expect(await byTimestamp(30)).toEqual(['3', '0']);
    expect(await byTimestamp(31)).toEqual(['4', '0']);
  });

  it('keeps committed offsets after the consumer leaves: the group resumes exactly after them', async () => {
    const admin = await connectAdmin();
    const producer = await connectProducer();
    const send = (values: string[]) => producer.send({ topic: 'ledger', messages: values.map((value) => ({ value })) });
    await send(['n0', 'n1', 'n2', 'n3', 'n4']);

    const first = await startConsumer('ledger-readers', 'ledger');
    await first.inbox.until((messages) => messages.length === 5);
    await first.commits.until((commits) => commits.at(-1)?.get(0) === 5);
    await first.consumer.disconnect();
    expect(await admin.fetchOffsets({ groupId: 'ledger-readers', topics: ['ledger'] })).toEqual([
      { topic: 'ledger', partitions: [{ partition: 0, offset: '5', metadata: null }] },
    ]);

    await send(['m0', 'm1', 'm2']);
    const second = await startConsumer('ledger-readers', 'ledger');
    await second.commits.until((commits) => commits.at(-1)?.get(0) === 8);
    expect(second.inbox.items.map((m) => [m.offset, m.value])).toEqual([
      [5, 'm0'],
      [6, 'm1'],
      [7, 'm2'],
    ]);
    const [entry] = await admin.fetchOffsets({ groupId: 'ledger-readers', topics: ['ledger'] });
    expect(entry?.partitions).toEqual([{ partition: 0, offset: '8', metadata: null }]);
    expect((await admin.fetchOffsets({ groupId: 'nobody', topics: ['ledger'] }))[0]?.partitions).toEqual([{ partition: 0, offset: '-1', metadata: null }]);
  });

  it('splits partitions between two members, and rebalances them all to the member that stays', async () => {
    const admin = await connectAdmin();
    await admin.createTopics({ topics: [{ topic: 'split', numPartitions: 4 }] });
    const producer = await connectProducer();
    const inbox = new Watch<Received>();
    const joins = new Watch<Join>();
    const latest = (items: Join[], consumer: string) => items.filter((j) => j.consumer === consumer).at(-1)?.partitions ?? [];

    await startConsumer('splitters', 'split', { label: 'first', inbox, joins });
    await joins.until((items) => latest(items, 'first').length === 4);
    const second = await startConsumer('splitters', 'split', { label: 'second', inbox, joins });
    await joins.until((items) => {
      const [a, b] = [latest(items, 'first'), latest(items, 'second')];
      return a.length > 0 && b.length > 0 && a.length + b.length === 4 && new Set([...a, ...b]).size === 4;
    });
    const owners = new Map(['first', 'second'].flatMap((consumer) => latest(joins.items, consumer).map((partition) => [partition, consumer] as const)));

    const sendToEvery = (round: string) => producer.send({ topic: 'split', messages: [0, 1, 2, 3].map((partition) => ({ partition, value: `${round}-${partition}` })) });
    await sendToEvery('one');
    await sendToEvery('two');
    const roundOneAndTwo = await inbox.until((messages) => messages.length >= 8);
    expect(roundOneAndTwo).toHaveLength(8);
    for (const message of roundOneAndTwo) expect(message.consumer).toBe(owners.get(message.partition));
    expect(new Set(roundOneAndTwo.map((m) => m.value)).size).toBe(8);

    await second.commits.until((commits) => latest(joins.items, 'second').every((partition) => commits.at(-1)?.get(partition) === 2));
    await second.consumer.disconnect();
    await joins.until((items) => items.at(-1)?.consumer === 'first' && items.at(-1)?.partitions.length === 4);

    await sendToEvery('three');
    const all = await inbox.until((messages) => messages.length >= 12);
    const roundThree = all.slice(8);
    expect(roundThree.map((m) => m.consumer)).toEqual(['first', 'first', 'first', 'first']);
    expect(sorted(roundThree.map((m) => m.partition))).toEqual([0, 1, 2, 3]);
    expect(roundThree.every((m) => m.value === `three-${m.partition}` && m.offset === 2)).toBe(true);
  });

  it('lets kafkajs reconnect and carry on after the broker drops every connection', async () => {
    const producer = await connectProducer();
    const { inbox } = await startConsumer('reconnectors', 'drops');
    await producer.send({ topic: 'drops', messages: [{ value: 'before-drop' }] });
    await inbox.until((messages) => messages.length === 1);
    expect(broker.connections()).toBeGreaterThan(0);

    broker.dropConnections();
    expect(broker.connections()).toBe(0);

    await producer.send({ topic: 'drops', messages: [{ value: 'after-drop' }] });
    await inbox.until((messages) => messages.some((m) => m.value === 'after-drop'));
    expect(new Set(valuesOf(inbox.items))).toEqual(new Set(['before-drop', 'after-drop']));
    expect(broker.connections()).toBeGreaterThan(0);
    expect(broker.topics().get('drops')).toEqual([2]);
  });

  it('closes a connection that sends garbage, and keeps serving kafkajs', async () => {
    const http = await RawKafkaClient.connect(broker.port);
    http.write(Buffer.from('GET / HTTP/1.1\r\nHost: kafka\r\n\r\n')); // a "size" of 1.2 GB
    const unknownApi = await RawKafkaClient.connect(broker.port);
    unknownApi.write(Buffer.from([0, 0, 0, 6, 0x7f, 0x7f, 0, 0, 0, 0]));
    const truncated = await RawKafkaClient.connect(broker.port);
    truncated.write(Buffer.from([0, 0, 0, 3, 0, 18, 0])); // a header cut short
    await Promise.all([http.closed, unknownApi.closed, truncated.closed]);

    const producer = await connectProducer();
    await producer.send({ topic: 'sturdy', messages: [{ value: 'still here' }] });
    const { inbox } = await startConsumer('sturdy-readers', 'sturdy');
    expect(valuesOf(await inbox.until((messages) => messages.length === 1))).toEqual(['still here']);
  });
});

/* Wire-level helpers: api keys, and request bodies and response readers for the versions the broker speaks. */
const ApiKey = { Produce: 0, Fetch: 1, Metadata: 3, Heartbeat: 12, JoinGroup: 11, SyncGroup: 14, ApiVersions: 18 } as const;

const produceBody = (topic: string, batch: Buffer, acks = -1) =>
  new Writer()
    .nullableString(null)
    .int16(acks)
    .int32(1_000)
    .array([topic], (w, name) => w.string(name).array([batch], (pw, records) => pw.int32(0).bytes(records)));

const fetchBody = (topic: string, offset: number, maxWaitMs: number) =>
  new Writer()
    .int32(-1)
    .int32(maxWaitMs)
    .int32(1)
    .int32(1_048_576)
    .int8(0)
    .array([topic], (w, name) => w.string(name).array([offset], (pw, fetchOffset) => pw.int32(0).int64(fetchOffset).int32(1_048_576)));

/** Error code and base offset of the only partition of a Produce v3 response. */
async function produceResult(response: Promise<Reader>) {
  const r = await response;
  const partition = r.array((t) => (t.string(), t.array((p) => ({ partition: p.int32(), errorCode: p.int16(), baseOffset: Number(p.int64()), logAppendTime: p.int64() }))))[0]?.[0];
  if (!partition) throw new Error('no partition in the Produce response');
  return partition;
}

/** Error code, high watermark and record batches of the only partition of a Fetch v4 response. */
async function fetchResult(response: Promise<Reader>) {
  const r = await response;
  r.int32(); // throttle_time_ms
  const partition = r.array((t) => (t.string(), t.array((p) => ({ partition: p.int32(), errorCode: p.int16(), highWatermark: Number(p.int64()), lastStable: p.int64(), aborted: p.array((a) => a.int64()), records: p.bytes() }))))[0]?.[0];
  if (!partition) throw new Error('no partition in the Fetch response');
  return partition;
}

const batchOf = (...values: string[]) => encodeRecordBatch(values.map((value, i) => ({ key: null, value: Buffer.from(value), timestamp: 1_700_000_000_000 + i })));

describe('the Kafka test broker, on the wire', () => {
  const clients: RawKafkaClient[] = [];
  const connect = async () => {
    const client = await RawKafkaClient.connect(broker.port);
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  it('computes CRC-32C and round-trips record batches, gzip included', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const records = [
      { key: Buffer.from('k'), value: Buffer.from('v'), headers: [{ key: 'h', value: Buffer.from('x') }, { key: 'n', value: null }], timestamp: 1_000 },
      { key: null, value: null, timestamp: 900 },
    ];
    for (const compression of ['none', 'gzip'] as const) {
      const batch = decodeRecordBatch(encodeRecordBatch(records, { baseOffset: 7, compression, producerId: 42n, producerEpoch: 1, baseSequence: 3 }));
      expect(batch).toMatchObject({ baseOffset: 7, lastOffsetDelta: 1, baseTimestamp: 900, maxTimestamp: 1_000, producerId: 42n, producerEpoch: 1, baseSequence: 3 });
      expect(batch.records.map((r) => [r.key?.toString() ?? null, r.value?.toString() ?? null, batch.baseTimestamp + r.timestampDelta, r.offsetDelta])).toEqual([
        ['k', 'v', 1_000, 0],
        [null, null, 900, 1],
      ]);
      expect(batch.records[0]!.headers).toEqual([{ key: 'h', value: Buffer.from('x') }, { key: 'n', value: null }]);
    }
  });

  it('stores valid batches, refuses a bad CRC (CORRUPT_MESSAGE) and unknown codecs, and answers acks 0 with nothing', async () => {
    const client = await connect();
    await client.request(ApiKey.Metadata, 4, new Writer().array(['raw'], (w, t) => w.string(t)).boolean(true));
    expect(await produceResult(client.request(ApiKey.Produce, 3, produceBody('raw', batchOf('a', 'b'))))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });

    const corrupted = batchOf('c');
    corrupted[corrupted.length - 2] = 'x'.charCodeAt(0); // the value, still a well-formed batch: only the CRC tells
    expect(await produceResult(client.request(ApiKey.Produce, 3, produceBody('raw', corrupted)))).toMatchObject({ errorCode: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1 });

    const snappy = batchOf('d');
    snappy.writeInt16BE(2, 21); // attributes: codec 2 (snappy), with the CRC made to match
    snappy.writeUInt32BE(crc32c(snappy.subarray(21)), 17);
    expect(await produceResult(client.request(ApiKey.Produce, 3, produceBody('raw', snappy)))).toMatchObject({ errorCode: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE });
    expect(broker.topics().get('raw')).toEqual([2]);

    // acks 0: no response, so the next response is the ApiVersions one (the client checks correlation ids).
    const silent = client.frame(ApiKey.Produce, 3, produceBody('raw', batchOf('e'), 0));
    const versions = client.frame(ApiKey.ApiVersions, 2, new Writer());
    client.write(Buffer.concat([silent.bytes, versions.bytes]));
    expect((await client.expect(versions.correlationId)).int16()).toBe(ErrorCode.NONE);
    expect(broker.topics().get('raw')).toEqual([3]);
  });

  it('answers pipelined requests in order, a waiting fetch included', async () => {
    const client = await connect();
    await client.request(ApiKey.Metadata, 4, new Writer().array(['piped'], (w, t) => w.string(t)).boolean(true));
    const fetch = client.frame(ApiKey.Fetch, 4, fetchBody('piped', 0, 200));
    const versions = client.frame(ApiKey.ApiVersions, 2, new Writer());
    const metadata = client.frame(ApiKey.Metadata, 4, new Writer().int32(-1).boolean(false));
    const answers = [client.expect(fetch.correlationId), client.expect(versions.correlationId), client.expect(metadata.correlationId)];
    const order: number[] = [];
    answers.forEach((answer, i) => void answer.then(() => order.push(i)));
    const sentAt = Date.now();
    client.write(Buffer.concat([fetch.bytes, versions.bytes, metadata.bytes]));
    const fetched = await fetchResult(answers[0]!);
    await Promise.all(answers);
    expect(order).toEqual([0, 1, 2]);
    // Nothing to return: the fetch waited its max wait (less a timer's slack) before answering empty.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(180);
    expect(fetched).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 0, records: Buffer.alloc(0) });
  });

  it('wakes a waiting fetch on append, and refuses offsets past the end (OFFSET_OUT_OF_RANGE)', async () => {
    const [reader, writer] = [await connect(), await connect()];
    await writer.request(ApiKey.Metadata, 4, new Writer().array(['tail'], (w, t) => w.string(t)).boolean(true));
    const sentAt = Date.now();
    const waiting = fetchResult(reader.request(ApiKey.Fetch, 4, fetchBody('tail', 0, 10_000)));
    await produceResult(writer.request(ApiKey.Produce, 3, produceBody('tail', batchOf('news'))));
    const fetched = await waiting;
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    expect(fetched).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 1 });
    expect(decodeRecordBatch(fetched.records).records[0]?.value?.toString()).toBe('news');

    const pastEnd = await fetchResult(reader.request(ApiKey.Fetch, 4, fetchBody('tail', 2, 10_000)));
    expect(pastEnd).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark: 1 });
  });

  it('answers ApiVersions of an unknown version with UNSUPPORTED_VERSION, and closes on other unsupported requests', async () => {
    const client = await connect();
    const answer = await client.request(ApiKey.ApiVersions, 3, new Writer());
    expect(answer.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const ranges = answer.array((r) => [r.int16(), r.int16(), r.int16()]);
    expect(ranges).toContainEqual([ApiKey.Produce, 3, 3]);
    expect(ranges).toContainEqual([ApiKey.Fetch, 4, 4]);

    const metadataV0 = client.request(ApiKey.Metadata, 0, new Writer().array([], () => {}));
    await expect(metadataV0).rejects.toThrow('connection closed');

    const oversize = await connect();
    oversize.write(new Writer().int32(100 * 1024 * 1024 + 1).toBuffer());
    await oversize.closed;
  });

  /** Joins `groupId` as a bare member and syncs (its assignment: nothing); returns its member id and generation. */
  async function joinAsRawMember(client: RawKafkaClient, groupId: string, sessionTimeoutMs: number, rebalanceTimeoutMs: number) {
    const joined = await client.request(ApiKey.JoinGroup, 1, joinBody(groupId, '', sessionTimeoutMs, rebalanceTimeoutMs));
    expect(joined.int16()).toBe(ErrorCode.NONE);
    const generation = joined.int32();
    joined.string(); // protocol
    joined.string(); // leader
    const memberId = joined.string();
    const synced = await client.request(ApiKey.SyncGroup, 0, new Writer().string(groupId).int32(generation).string(memberId).array([], () => {}));
    expect(synced.int16()).toBe(ErrorCode.NONE);
    return { memberId, generation };
  }
  const joinBody = (groupId: string, memberId: string, sessionTimeoutMs = 300, rebalanceTimeoutMs = 60_000) =>
    new Writer()
      .string(groupId)
      .int32(sessionTimeoutMs)
      .int32(rebalanceTimeoutMs)
      .string(memberId)
      .string('consumer')
      .array(['RoundRobinAssigner'], (w, name) => w.string(name).bytes(Buffer.alloc(0)));
  const heartbeatBody = (groupId: string, generation: number, memberId: string) => new Writer().string(groupId).int32(generation).string(memberId);

  it('refuses unknown members, and drops a member whose session runs out while the group waits for it', async () => {
    const client = await connect();
    expect((await client.request(ApiKey.Heartbeat, 0, heartbeatBody('silent-group', 1, 'nobody'))).int16()).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await client.request(ApiKey.JoinGroup, 1, joinBody('silent-group', 'stranger'))).int16()).toBe(ErrorCode.UNKNOWN_MEMBER_ID);

    // A bare member joins with a 300 ms session, then goes silent; its rebalance timeout (60 s) would hold a join for long.
    const silent = await joinAsRawMember(client, 'silent-group', 300, 60_000);
    const startedAt = Date.now();
    const { joins } = await startConsumer('silent-group', 'silent-topic');
    const [join] = await joins.until((items) => items.length > 0);
    expect(join?.partitions).toEqual([0]);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect((await client.request(ApiKey.Heartbeat, 0, heartbeatBody('silent-group', silent.generation, silent.memberId))).int16()).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('drops a member that heartbeats but never rejoins once the rebalance timeout passes', async () => {
    const client = await connect();
    const stubborn = await joinAsRawMember(client, 'stubborn-group', 30_000, 300);
    const starting = startConsumer('stubborn-group', 'stubborn-topic', { config: { rebalanceTimeout: 500 } });
    // Heartbeat as a live member does, until the kafkajs member's join starts a rebalance; then never rejoin.
    let heard: number = ErrorCode.NONE;
    while (heard === ErrorCode.NONE) heard = (await client.request(ApiKey.Heartbeat, 0, heartbeatBody('stubborn-group', stubborn.generation, stubborn.memberId))).int16();
    expect(heard).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const { joins } = await starting;
    const [join] = await joins.until((items) => items.length > 0);
    expect(join?.partitions).toEqual([0]);
    expect((await client.request(ApiKey.Heartbeat, 0, heartbeatBody('stubborn-group', stubborn.generation, stubborn.memberId))).int16()).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('stores a batch an idempotent producer retries only once, and answers the retry with the first offset', async () => {
    const client = await connect();
    await client.request(ApiKey.Metadata, 4, new Writer().array(['retried'], (w, t) => w.string(t)).boolean(true));
    const batch = (sequence: number, ...values: string[]) =>
      encodeRecordBatch(values.map((value) => ({ value: Buffer.from(value), timestamp: 1_700_000_000_000 })), { producerId: 7n, producerEpoch: 0, baseSequence: sequence });
    const produce = async (records: Buffer) => (await produceResult(client.request(ApiKey.Produce, 3, produceBody('retried', records)))).baseOffset;
    expect(await produce(batch(0, 'a', 'b'))).toBe(0);
    expect(await produce(batch(0, 'a', 'b'))).toBe(0);
    expect(await produce(batch(2, 'c'))).toBe(2);
    expect(broker.topics().get('retried')).toEqual([3]);
  });
});

describe('the Kafka test broker options', () => {
  it('auto-creates topics with the default partition count, or refuses unknown topics when told to', async () => {
    await broker.close();
    broker = await startKafkaTestBroker({ defaultPartitions: 3 });
    const producer = await connectProducer();
    await producer.send({ topic: 'created-on-use', messages: [{ value: 'x' }] });
    expect(broker.topics().get('created-on-use')).toHaveLength(3);

    await broker.close();
    broker = await startKafkaTestBroker({ autoCreateTopics: false });
    const admin = await connectAdmin();
    await expect(admin.fetchTopicMetadata({ topics: ['missing'] })).rejects.toThrow(/does not host this topic-partition/);
    expect(broker.topics().size).toBe(0);
  });
});
