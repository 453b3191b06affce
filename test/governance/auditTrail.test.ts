import { describe, expect, it } from 'vitest';
import type { EventLog, NewRecord } from '../../eventlog/index.ts';
import type { AccessRecord } from '../../governance/AccessDecision.ts';
import { AUDIT_TOPIC, createAuditTrail, parseAuditEvent } from '../../governance/audit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { valueOf } from '../support/metrics.ts';
import { createTempLog } from '../support/tempLog.ts';

const leftovers = useLeftovers();

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';

/** The access record of the `n`th read, by `consumer`, of one of two products in turn. */
const access = (n: number, consumer = 'analyst'): AccessRecord => ({
  at: new Date(Date.UTC(2026, 10, 30, 12, 0, 0, n)).toISOString(),
  consumer,
  urn: n % 2 === 0 ? PROFILES : PLAYS,
  fields: ['Listener.id', 'Listener.email'],
  restricted: [{ field: 'Listener.email', decision: 'masked', rule: 'pii-needs-purpose' }],
  decision: 'masked',
  path: 'query',
  operationName: `Read${n}`,
});

/** The log, with every append counted, and failing while `failing` is above 0 (each failure counts one down). */
function watched(log: EventLog) {
  const appends: (readonly NewRecord[])[] = [];
  const state = { failing: 0, failed: 0 };
  const wrapped: EventLog = Object.create(log, {
    append: {
      value: async (topic: string, records: readonly NewRecord[]) => {
        if (topic === AUDIT_TOPIC.name && state.failing > 0) {
          state.failing--;
          state.failed++;
          throw new Error('the disk is full (a test failure)');
        }
        if (topic === AUDIT_TOPIC.name) appends.push(records);
        return log.append(topic, records);
      },
    },
  });
  return { log: wrapped, appends, state };
}

/** Every access record on the audit topic, in offset order per partition. */
async function auditOnTopic(log: EventLog): Promise<AccessRecord[]> {
  const ends = await log.endOffsets(AUDIT_TOPIC.name);
  const records: AccessRecord[] = [];
  const reader = await log.read({ topic: AUDIT_TOPIC.name, from: { kind: 'earliest' }, onBatch: (batch) => void records.push(...batch.map((r) => parseAuditEvent(r.value, r.headers['schema-version']))) });
  await reader.caughtUp;
  await reader.close();
  expect(records).toHaveLength(ends.reduce((a, b) => a + b, 0));
  return records;
}

const FAST_BACKOFF = { initialDelayMs: 1, maxDelayMs: 5, jitter: 'none' } as const;

describe('the audit trail appends every access record to the audit topic, in batches', () => {
  it('1,200 reads become 1,200 records on the topic, in fewer appends than records, each under the product URN', async () => {
    const temp = leftovers.track(await createTempLog());
    const { log, appends } = watched(temp.log);
    const trail = leftovers.track(createAuditTrail({ log, logger: captureLogger('audit'), maxBatch: 500 }));
    for (let n = 0; n < 1_200; n++) trail.record(access(n));
    await trail.flush();

    const onTopic = await auditOnTopic(temp.log);
    expect(onTopic).toHaveLength(1_200);
    expect(new Set(onTopic.map((r) => r.operationName)).size).toBe(1_200);
    expect(onTopic.find((r) => r.operationName === 'Read7')).toEqual(access(7));
    expect(appends.length).toBeLessThan(1_200);
    expect(appends.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...appends.map((batch) => batch.length))).toBe(500);
    expect(appends.flat().every((record) => record.key === PROFILES || record.key === PLAYS)).toBe(true);
    expect(trail.stats()).toMatchObject({ recorded: 1_200, appended: 1_200, dropped: 0, queued: 0 });
  });

  it('record() returns before anything is appended: the request never waits for the log', async () => {
    const temp = leftovers.track(await createTempLog());
    const { log, appends } = watched(temp.log);
    const trail = leftovers.track(createAuditTrail({ log, logger: captureLogger('audit') }));
    trail.record(access(1));
    expect(appends).toHaveLength(0);
    expect(trail.stats().queued).toBe(1);
    await trail.flush();
    expect(appends).toHaveLength(1);
  });

  it('a failing append is retried with backoff, and no record is lost', async () => {
    const temp = leftovers.track(await createTempLog());
    const { log, state } = watched(temp.log);
    const logger = captureLogger('audit');
    const trail = leftovers.track(createAuditTrail({ log, logger, backoff: FAST_BACKOFF }));
    state.failing = 3;
    for (let n = 0; n < 40; n++) trail.record(access(n));
    await trail.flush();

    expect(state.failed).toBe(3);
    expect(await auditOnTopic(temp.log)).toHaveLength(40);
    expect(logger.lines.filter((line) => line.includes('retrying, records kept'))).toHaveLength(3);
    const metrics = await trail.metrics.metrics();
    expect(valueOf(metrics, 'meshgraph_audit_append_retries_total')).toBe(3);
    expect(valueOf(metrics, 'meshgraph_audit_records_appended_total')).toBe(40);
  });

  it('past maxQueued the oldest records are dropped, counted in the metrics and logged with how many', async () => {
    const temp = leftovers.track(await createTempLog());
    const { log, state } = watched(temp.log);
    const logger = captureLogger('audit');
    const trail = leftovers.track(createAuditTrail({ log, logger, maxQueued: 100, maxBatch: 10, backoff: FAST_BACKOFF }));
    // The log fails for a while: the first batch waits in retries while 250 more records come.
    state.failing = 1_000_000;
    trail.record(access(0));
    await logger.waitForLine('retrying, records kept');
    for (let n = 1; n <= 250; n++) trail.record(access(n));
    state.failing = 0;
    await trail.flush();

    // The first record was in flight; of the 250 that queued behind it, the 150 oldest went.
    const kept = (await auditOnTopic(temp.log)).map((r) => Number(r.operationName!.slice(4))).sort((a, b) => a - b);
    expect(kept).toEqual([0, ...Array.from({ length: 100 }, (_, i) => 151 + i)]);
    expect(trail.stats()).toMatchObject({ recorded: 251, appended: 101, dropped: 150 });
    const metrics = await trail.metrics.metrics();
    expect(valueOf(metrics, 'meshgraph_audit_records_dropped_total')).toBe(150);
    expect(valueOf(metrics, 'meshgraph_audit_records_recorded_total')).toBe(251);
    const dropLines = logger.lines.filter((line) => /dropped \d+ access records/.test(line));
    expect(dropLines.length).toBeGreaterThanOrEqual(1);
    expect(dropLines.map((line) => Number(/dropped (\d+)/.exec(line)![1])).reduce((a, b) => a + b, 0)).toBe(150);
    expect(dropLines[0]).toMatch(/ERROR|error/);
  });

  it('close appends what is queued; a record given after close is counted as dropped and logged', async () => {
    const temp = leftovers.track(await createTempLog());
    const logger = captureLogger('audit');
    const trail = createAuditTrail({ log: temp.log, logger, batchMs: 60_000 });
    for (let n = 0; n < 7; n++) trail.record(access(n));
    await trail.close();
    expect(await auditOnTopic(temp.log)).toHaveLength(7);

    trail.record(access(8));
    expect(trail.stats()).toMatchObject({ recorded: 8, appended: 7, dropped: 1 });
    expect(logger.lines.some((line) => line.includes('dropped 1 access records of the audit: the audit trail is closed'))).toBe(true);
  });

  it('close gives up on a log that keeps failing after closeTimeoutMs, and counts what it could not append', async () => {
    const temp = leftovers.track(await createTempLog());
    const { log, state } = watched(temp.log);
    const logger = captureLogger('audit');
    const trail = createAuditTrail({ log, logger, backoff: FAST_BACKOFF, closeTimeoutMs: 50 });
    state.failing = 1_000_000;
    for (let n = 0; n < 5; n++) trail.record(access(n));
    await trail.close();
    expect(trail.stats()).toMatchObject({ recorded: 5, appended: 0, dropped: 5, queued: 0 });
    expect(logger.lines.some((line) => line.includes('dropped 5 access records of the audit: the log still failed when the audit trail closed'))).toBe(true);
  });
});
