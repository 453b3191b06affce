import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { deadLetterTopic, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import { createTopicConsumer, DEAD_LETTER_HEADERS } from '../../subgraphs/kit/createTopicConsumer.ts';
import { decodeBatch, decodeRecord } from '../../subgraphs/kit/decodeRecord.ts';
import { materializeOwnTopic } from '../../subgraphs/kit/materializeOwnTopic.ts';
import { subscribeToTopic, topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';

const TOPIC = 'test.counts.v1';

/** A guard as schema/events writes them: a whole number, or `EventRejected` saying what came. */
const decodeCount = (record: LogRecord): number => {
  const text = record.value.toString();
  if (!/^\d+$/.test(text)) throw new EventRejected(`value must be a whole number, but is "${text}"`);
  return Number(text);
};

const recordOf = (value: string, offset = 0): LogRecord => ({ topic: TOPIC, partition: 0, offset, key: 'k', value: Buffer.from(value), headers: {}, timestamp: 0 });

describe('decoding records at the edge', () => {
  it('a record the guard accepts gives its event; one it rejects gives the reason', () => {
    expect(decodeRecord(recordOf('7'), decodeCount)).toEqual({ ok: true, event: 7 });
    expect(decodeRecord(recordOf('seven'), decodeCount)).toEqual({ ok: false, reason: 'value must be a whole number, but is "seven"' });
  });

  it('an error that is not a rejection is a bug, and is thrown', () => {
    const broken = () => {
      throw new TypeError('guard bug');
    };
    expect(() => decodeRecord(recordOf('7'), broken)).toThrow('guard bug');
    expect(() => decodeBatch([recordOf('7')], broken)).toThrow('guard bug');
  });

  it('a batch keeps its events in log order and names each rejected record', () => {
    const records = ['1', 'x', '2', '', '3'].map(recordOf);
    const { events, rejected } = decodeBatch(records, decodeCount);
    expect(events).toEqual([1, 2, 3]);
    expect(rejected.map(({ record, reason }) => [record.value.toString(), reason])).toEqual([
      ['x', 'value must be a whole number, but is "x"'],
      ['', 'value must be a whole number, but is ""'],
    ]);
    expect(decodeBatch([], decodeCount)).toEqual({ events: [], rejected: [] });
  });
});

describe('a record no guard accepts, in a topic', () => {
  const leftovers = useLeftovers();

  async function logWithCounts(values: string[]): Promise<EventLog> {
    const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-decode-'));
    leftovers.track({ close: () => rm(dataDir, { recursive: true, force: true }) });
    const log = leftovers.track(await createEmbeddedLog({ dataDir, logger: captureLogger('log') }));
    await log.createTopic({ name: TOPIC, partitions: 1 });
    await log.append(TOPIC, values.map((value) => ({ key: 'k', value })));
    return log;
  }

  it('goes to the consumer’s dead-letter topic with the reason and where it came from; the consumer applies the rest', async () => {
    const log = await logWithCounts(['1', 'oops', '2']);
    const applied: number[] = [];
    const consumer = await createTopicConsumer({
      log,
      consumer: { domain: 'tests', product: 'totals' },
      topic: TOPIC,
      decode: decodeCount,
      apply: (events) => void applied.push(...events),
      occurredAt: () => new Date(0).toISOString(),
      from: { kind: 'earliest' },
      logger: captureLogger('consumer'),
    });
    leftovers.track(consumer.reader);
    await consumer.reached({ 0: 3 });
    expect(applied).toEqual([1, 2]);
    expect(consumer.figures().deadLetters).toBe(1);

    const letters: LogRecord[] = [];
    let arrived!: () => void;
    const one = new Promise<void>((resolve) => (arrived = resolve));
    const reader = leftovers.track(await log.read({ topic: deadLetterTopic('tests', 'totals'), from: { kind: 'earliest' }, onBatch: (batch) => (letters.push(...batch), arrived()) }));
    await one;
    await reader.close();
    expect(letters.map((letter) => letter.value.toString())).toEqual(['oops']);
    expect(letters[0]!.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.reason]: 'value must be a whole number, but is "oops"',
      [DEAD_LETTER_HEADERS.topic]: TOPIC,
      [DEAD_LETTER_HEADERS.partition]: '0',
      [DEAD_LETTER_HEADERS.offset]: '1',
    });
  });

  it('is skipped, and logged, by a topic subscription and by a product materializing its own topic', async () => {
    const log = await logWithCounts(['1', 'oops', '2']);
    const subscriptionLog = captureLogger('subscription');
    const events = await subscribeToTopic({ log, topic: TOPIC, decode: decodeCount, toPayload: (n) => n, after: topicCursor(TOPIC, { 0: 0 }), logger: subscriptionLog });
    leftovers.track({ close: async () => void (await events.return?.()) });
    expect([(await events.next()).value, (await events.next()).value]).toEqual([1, 2]);
    expect(subscriptionLog.lines.some((line) => line.includes('subscription skipped a record it cannot read') && line.includes('offset=1'))).toBe(true);

    const materializeLog = captureLogger('materialize');
    const added: number[] = [];
    const reader = await materializeOwnTopic({
      log,
      logger: materializeLog,
      topic: { name: TOPIC, partitions: 1, compacted: false },
      history: () => [],
      toRecord: (n: number) => ({ key: 'k', value: String(n) }),
      decode: decodeCount,
      add: (items) => void added.push(...items),
      what: 'counts',
    });
    leftovers.track(reader);
    expect(added).toEqual([1, 2]);
    expect(materializeLog.lines.some((line) => line.includes('skipped a record of its own topic that is not one of its counts') && line.includes('offset=1'))).toBe(true);
  });
});
