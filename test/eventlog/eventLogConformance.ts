import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS, OffsetOutOfRangeError, partitionFor, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import { collectRecords, type CollectedRecords } from '../support/collectRecords.ts';

/** What the suite needs of an implementation: a fresh log, and teardown. */
export interface EventLogUnderTest {
  log: EventLog;
  close(): Promise<void>;
}

const events = (count: number, prefix = 'e') =>
  Array.from({ length: count }, (_, i) => ({ key: `l-${i % 7}`, value: JSON.stringify({ id: `${prefix}-${i}` }), headers: { [HEADERS.producer]: 'conformance' } }));

const idOf = (record: LogRecord) => (JSON.parse(record.value.toString()) as { id: string }).id;

/**
 * The event log's contract, written once and run against every
 * implementation (embedded, Kafka over the test broker, a real Kafka).
 */
export function describeEventLogConformance(name: string, create: () => Promise<EventLogUnderTest>) {
  describe(`event log conformance: ${name}`, () => {
    let subject: EventLogUnderTest;
    let log: EventLog;
    const topic = async (partitions = 1, compacted = false) => {
      const topicName = `conformance.${randomUUID().slice(0, 8)}.v1`;
      await log.createTopic({ name: topicName, partitions, compacted });
      return topicName;
    };
    beforeAll(async () => {
      subject = await create();
      log = subject.log;
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('creates topics idempotently and appends with offsets in input order, counting from 0 per partition', async () => {
      const name = await topic(3);
      await log.createTopic({ name, partitions: 3 });
      const appended = await log.append(name, events(20));
      const perPartition = new Map<number, number[]>();
      for (const [i, { partition, offset, topic: t }] of appended.entries()) {
        expect(t).toBe(name);
        expect(partition).toBe(partitionFor(`l-${i % 7}`, 3));
        perPartition.set(partition, [...(perPartition.get(partition) ?? []), offset]);
      }
      for (const offsets of perPartition.values()) expect(offsets).toEqual(offsets.map((_, i) => i));
      expect(await log.endOffsets(name)).toEqual([0, 1, 2].map((p) => perPartition.get(p)?.length ?? 0));
    });

    it('reads back keys, values, headers and timestamps, in order per key', async () => {
      const name = await topic(2);
      const before = Date.now();
      await log.append(name, [
        { key: 'l-1', value: 'first', headers: { [HEADERS.occurredAt]: '2026-10-31T10:00:00.000Z', [HEADERS.schemaVersion]: '1' } },
        { key: null, value: Buffer.from([0, 1, 2, 255]) },
        { key: 'l-1', value: 'second' },
      ]);
      const after = Date.now();
      const { records, waitFor, reader } = await collectRecords(log, { topic: name });
      await waitFor(3);
      await reader.caughtUp;
      await reader.close();
      const byValue = new Map(records.map((r) => [r.value.toString('latin1'), r]));
      const first = byValue.get('first')!;
      expect(first.key).toBe('l-1');
      expect(first.headers).toMatchObject({ [HEADERS.occurredAt]: '2026-10-31T10:00:00.000Z', [HEADERS.schemaVersion]: '1' });
      expect(first.timestamp).toBeGreaterThanOrEqual(before - 1000);
      expect(first.timestamp).toBeLessThanOrEqual(after + 1000);
      expect(byValue.get('\x00\x01\x02\xff')!.key).toBeNull();
      expect(byValue.get('second')!.offset).toBeGreaterThan(first.offset);
      expect(byValue.get('second')!.partition).toBe(first.partition);
    });

    it('a reader starts where it is told: the earliest, the latest, given offsets, or a time', async () => {
      const name = await topic();
      await log.append(name, events(5, 'old'));
      const fromOffset = await collectRecords(log, { topic: name, from: { kind: 'offsets', offsets: { 0: 3 } } });
      await fromOffset.reader.caughtUp;
      expect(fromOffset.records.map(idOf)).toEqual(['old-3', 'old-4']);

      const fromLatest = await collectRecords(log, { topic: name, from: { kind: 'latest' } });
      await fromLatest.reader.caughtUp;
      expect(fromLatest.records).toEqual([]);
      const cut = Date.now() + 1;
      // Records appended after `cut`, so a read from that time starts with them.
      while (Date.now() <= cut) await new Promise((resolve) => setImmediate(resolve));
      await log.append(name, events(2, 'new'));
      expect((await fromLatest.waitFor(2)).map(idOf)).toEqual(['new-0', 'new-1']);

      expect(await log.offsetsForTimestamp(name, cut)).toEqual([5]);
      const fromTime = await collectRecords(log, { topic: name, from: { kind: 'timestamp', timestamp: cut } });
      expect((await fromTime.waitFor(2)).map(idOf)).toEqual(['new-0', 'new-1']);
      expect(await log.offsetsForTimestamp(name, Date.now() + 60_000)).toEqual([7]);
      await Promise.all([fromOffset.reader.close(), fromLatest.reader.close(), fromTime.reader.close()]);
    });

    it('a live reader catches up, then receives what is appended later', async () => {
      const name = await topic(2);
      await log.append(name, events(10));
      const live = await collectRecords(log, { topic: name });
      await live.reader.caughtUp;
      expect(live.records).toHaveLength(10);
      await log.append(name, events(4, 'later'));
      const all = await live.waitFor(14);
      expect(all.slice(10).map(idOf).sort()).toEqual(['later-0', 'later-1', 'later-2', 'later-3']);
      await live.reader.close();
      await expect(live.reader.done).resolves.toBeUndefined();
    });

    it('a consumer group commits what it read and resumes there', async () => {
      const name = await topic(2);
      const group = `conformance-${randomUUID().slice(0, 8)}`;
      await log.append(name, events(6, 'a'));
      const first = await collectRecords(log, { topic: name, groupId: group });
      await first.reader.caughtUp;
      await first.reader.close();
      const committed = await log.committedOffsets(group, name);
      expect(Object.values(committed).reduce((sum, o) => sum + o, 0)).toBe(6);

      await log.append(name, events(3, 'b'));
      const second = await collectRecords(log, { topic: name, groupId: group });
      await second.reader.caughtUp;
      expect(second.records.map(idOf).sort()).toEqual(['b-0', 'b-1', 'b-2']);
      await second.reader.close();

      await log.commitOffsets(group, name, { 0: 0, 1: 0 });
      expect(await log.committedOffsets(group, name)).toEqual({ 0: 0, 1: 0 });
    });

    it('a batch whose handler fails is not committed: the reader stops and the group reads it again', async () => {
      const name = await topic();
      const group = `conformance-${randomUUID().slice(0, 8)}`;
      await log.append(name, events(3));
      const failing = await log.read({ topic: name, groupId: group, onBatch: () => { throw new Error('store unavailable'); } });
      await expect(failing.done).rejects.toThrow('store unavailable');
      expect(await log.committedOffsets(group, name)).toEqual({});
      const retry = await collectRecords(log, { topic: name, groupId: group });
      await retry.reader.caughtUp;
      expect(retry.records.map(idOf)).toEqual(['e-0', 'e-1', 'e-2']);
      await retry.reader.close();
    });

    it('readers of one group split the partitions, and one takes them all when the other leaves', async () => {
      const name = await topic(4);
      const group = `conformance-${randomUUID().slice(0, 8)}`;
      const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
      const partitionsUsed = new Set(keys.map((k) => partitionFor(k, 4)));
      const one = await collectRecords(log, { topic: name, groupId: group });
      const two = await collectRecords(log, { topic: name, groupId: group });
      await Promise.all([one.reader.caughtUp, two.reader.caughtUp]);
      await log.append(name, keys.map((key) => ({ key, value: key })));
      await new Promise<void>((resolve) => {
        const check = () => (one.records.length + two.records.length >= keys.length ? resolve() : setImmediate(check));
        check();
      });
      const partitionsOf = (c: CollectedRecords) => new Set(c.records.map((r) => r.partition));
      expect([...partitionsOf(one)].filter((p) => partitionsOf(two).has(p))).toEqual([]);
      expect(new Set([...partitionsOf(one), ...partitionsOf(two)])).toEqual(partitionsUsed);
      expect(one.records.length + two.records.length).toBe(keys.length);

      await two.reader.close();
      const before = one.records.length;
      await log.append(name, keys.map((key) => ({ key, value: `${key}2` })));
      await one.waitFor(before + keys.length);
      expect(new Set(one.records.slice(before).map((r) => r.partition))).toEqual(partitionsUsed);
      await one.reader.close();
    });

    it('refuses to append to a topic that does not exist, saying so', async () => {
      await expect(log.append(`conformance.missing-${randomUUID().slice(0, 8)}.v1`, events(1))).rejects.toThrow(/does not exist|create it first/i);
    });

    it('refuses a reader asked to start past the end (never moves it back), naming topic, partition, offset and end', async () => {
      const name = await topic();
      await log.append(name, events(3));
      const reading = log.read({ topic: name, from: { kind: 'offsets', offsets: { 0: 7 } }, onBatch: () => {} });
      await expect(reading).rejects.toBeInstanceOf(OffsetOutOfRangeError);
      await expect(reading).rejects.toMatchObject({ topic: name, partition: 0, offset: 7, end: 3 });
      // At the end exactly is where a reader of new records starts.
      const atEnd = await log.read({ topic: name, from: { kind: 'offsets', offsets: { 0: 3 } }, onBatch: () => {} });
      await atEnd.caughtUp;
      await atEnd.close();
    });

    it('refuses a consumer group whose committed offset is past the end', async () => {
      const name = await topic();
      await log.append(name, events(3));
      const groupId = `conformance-${randomUUID().slice(0, 8)}`;
      await log.commitOffsets(groupId, name, { 0: 9 });
      await expect(log.read({ topic: name, groupId, onBatch: () => {} })).rejects.toMatchObject({ name: 'OffsetOutOfRangeError', offset: 9, end: 3 });
    });
  });
}
