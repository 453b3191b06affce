import { graphql, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import { createCatalogSchema, createMeshCatalog } from '../../gateway/catalog/index.ts';
import type { AccessPath, AccessRecord } from '../../governance/AccessDecision.ts';
import { createAccessLog, createAuditTrail } from '../../governance/audit/index.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { createAccessLogResolvers } from '../../governance/graphql/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startSubgraphs } from '../support/mesh.ts';
import { createTempLog } from '../support/tempLog.ts';
import { testConsumer as person } from '../support/testCallers.ts';

const leftovers = useLeftovers();

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';

/** A read of `urn` by `consumer` at minute `minute` of a day. */
const read = (minute: number, consumer: string, urn = PROFILES, path: AccessPath = 'query'): AccessRecord => ({
  at: new Date(Date.UTC(2026, 10, 30, 12, minute)).toISOString(),
  consumer,
  urn,
  fields: ['Listener.id'],
  restricted: [],
  decision: 'allowed',
  path,
  operationName: `Minute${minute}`,
});

/** Twelve reads of listener-profiles, analyst (queries) and charts-web (subscriptions) in turn, and three of episode-plays. */
const HISTORY: AccessRecord[] = [
  ...Array.from({ length: 12 }, (_, minute) => (minute % 2 === 0 ? read(minute, 'analyst') : read(minute, 'charts-web', PROFILES, 'subscription'))),
  ...[0, 1, 2].map((minute) => read(minute, 'royalties-payout', PLAYS)),
];

/** Appends access records through the audit trail, as the gateway does, and waits until they are on the topic. */
async function audit(log: EventLog, records: readonly AccessRecord[]) {
  const trail = createAuditTrail({ log, logger: captureLogger('audit') });
  for (const record of records) trail.record(record);
  await trail.close();
}

const minutes = (records: readonly AccessRecord[]) => records.map((r) => Number(r.operationName!.slice(6)));

describe('the access log reads the audit topic back: who read a data product, newest first', () => {
  it('answers by product, consumer and time, newest first, keeping the most recent records of each product; consumer counts cover the whole topic', async () => {
    const temp = leftovers.track(await createTempLog());
    await audit(temp.log, HISTORY);
    const accessLog = leftovers.track(createAccessLog({ log: temp.log, logger: captureLogger('access-log'), maxRecordsPerProduct: 5 }));
    await accessLog.ready;

    expect(minutes(accessLog.accessLog({ urn: PROFILES }))).toEqual([11, 10, 9, 8, 7]);
    expect(minutes(accessLog.accessLog({ urn: PROFILES, consumer: 'analyst' }))).toEqual([10, 8]);
    expect(minutes(accessLog.accessLog({ urn: PROFILES, from: read(8, '').at, to: read(10, '').at }))).toEqual([10, 9, 8]);
    expect(minutes(accessLog.accessLog({ urn: PROFILES, first: 2 }))).toEqual([11, 10]);
    expect(minutes(accessLog.accessLog({ urn: PLAYS }))).toEqual([2, 1, 0]);
    expect(accessLog.accessLog({ urn: 'urn:meshgraph:insights:top-charts:v1' })).toEqual([]);

    // Counts are of every record on the topic, not only of those kept.
    expect(accessLog.consumersOf(PROFILES)).toEqual([
      { consumer: 'charts-web', paths: ['subscription'], lastSeenAt: read(11, '').at, count: 6 },
      { consumer: 'analyst', paths: ['query'], lastSeenAt: read(10, '').at, count: 6 },
    ]);

    // Live: a read audited now is answered once the access log caught up with the topic.
    await audit(temp.log, [read(30, 'analyst', PROFILES, 'entity')]);
    await accessLog.sync();
    expect(minutes(accessLog.accessLog({ urn: PROFILES, first: 1 }))).toEqual([30]);
    expect(accessLog.consumersOf(PROFILES)[0]).toEqual({ consumer: 'analyst', paths: ['entity', 'query'], lastSeenAt: read(30, '').at, count: 7 });
  });

  it("takes this replica's records from memory as they are appended and reads back only the other replicas'", async () => {
    const temp = leftovers.track(await createTempLog());
    const accessLog = leftovers.track(createAccessLog({ log: temp.log, logger: captureLogger('access-log'), replica: 'replica-a' }));
    await accessLog.ready;
    const trail = createAuditTrail({ log: temp.log, logger: captureLogger('audit'), replica: 'replica-a', onAppended: accessLog.add });
    trail.record(read(1, 'analyst'));
    await trail.close();
    // On the topic once flushed, and in the access log already: no wait for reading it back.
    expect(minutes(accessLog.accessLog({ urn: PROFILES }))).toEqual([1]);

    // Another replica's record is read back; a record carrying this replica's id is its own, taken when appended, never read back (this one never was).
    const other = createAuditTrail({ log: temp.log, logger: captureLogger('audit'), replica: 'replica-b' });
    other.record(read(2, 'charts-web'));
    await other.close();
    const unannounced = createAuditTrail({ log: temp.log, logger: captureLogger('audit'), replica: 'replica-a' });
    unannounced.record(read(3, 'analyst'));
    await unannounced.close();
    await accessLog.sync();
    expect(minutes(accessLog.accessLog({ urn: PROFILES }))).toEqual([2, 1]);
    expect(accessLog.consumersOf(PROFILES).map(({ consumer, count }) => ({ consumer, count }))).toEqual([
      { consumer: 'charts-web', count: 1 },
      { consumer: 'analyst', count: 1 },
    ]);
  });

  it('after a restart the access log is rebuilt from the topic', async () => {
    const temp = leftovers.track(await createTempLog());
    await audit(temp.log, HISTORY);
    const before = createAccessLog({ log: temp.log, logger: captureLogger('access-log') });
    await before.ready;
    const answered = { records: before.accessLog({ urn: PROFILES }), consumers: before.consumersOf(PROFILES) };
    await before.close();
    await temp.log.close();

    const reopened = await createEmbeddedLog({ dataDir: temp.dataDir, logger: captureLogger('log') });
    leftovers.track(reopened);
    const after = leftovers.track(createAccessLog({ log: reopened, logger: captureLogger('access-log') }));
    await after.ready;
    expect(after.accessLog({ urn: PROFILES })).toEqual(answered.records);
    expect(after.accessLog({ urn: PROFILES })).toHaveLength(12);
    expect(after.consumersOf(PROFILES)).toEqual(answered.consumers);
  });
});

describe('accessLog in the graph, and the catalog consumers by identity', () => {
  const LISTENERS_OWNER = person('listeners-owner', { owns: ['listeners'] });
  const GOVERNANCE = person('governance-officer', { scopes: ['governance'] });
  const ANALYST = person('analyst', { team: 'insights' });

  /** The gateway's catalog subgraph over a running listeners domain and the audit on its log; `ask` runs an operation as `consumer`. */
  async function catalogWithAudit() {
    const mesh = leftovers.track(await startSubgraphs({ only: ['listeners'], data: SMALL_TEST_DATA }));
    await audit(mesh.log, HISTORY);
    const accessLog = leftovers.track(createAccessLog({ log: mesh.log, logger: captureLogger('access-log') }));
    await accessLog.ready; // the audit is read back from the topic, not handed over in memory
    const catalog = createMeshCatalog({ subgraphs: [{ name: 'listeners', url: mesh.subgraphs.listeners.url }], subgraphSdls: () => [], logger: captureLogger('catalog') });
    const schema = createCatalogSchema({ catalog, exportUrl: (urn) => urn, governance: [createAccessLogResolvers(accessLog)], accessLog });
    const ask = async (source: string, consumer?: Consumer) => (await graphql({ schema, source, contextValue: { consumer } })) as ExecutionResult<Record<string, any>>;
    return { ask, accessLog, log: mesh.log };
  }
  const codeOf = (result: ExecutionResult) => result.errors?.[0]?.extensions?.['code'];

  it("the product's owner and governance read its access log; anyone else is refused, told who may", async () => {
    const { ask } = await catalogWithAudit();
    const query = `{ accessLog(urn: "${PROFILES}", first: 3) { at consumer urn fields decision path operationName } }`;

    const owner = await ask(query, LISTENERS_OWNER);
    expect(owner.errors).toBeUndefined();
    expect(owner.data!['accessLog'].map((r: { operationName: string }) => r.operationName)).toEqual(['Minute11', 'Minute10', 'Minute9']);
    expect(owner.data!['accessLog'][0]).toMatchObject({ consumer: 'charts-web', urn: PROFILES, path: 'subscription', decision: 'allowed', fields: ['Listener.id'] });
    expect((await ask(query, GOVERNANCE)).data!['accessLog']).toHaveLength(3);

    const analyst = await ask(query, ANALYST);
    expect(codeOf(analyst)).toBe('FORBIDDEN');
    expect(analyst.errors![0]!.message).toContain('Only the owners of domain "listeners" and governance read the access log');
    expect(analyst.data?.['accessLog'] ?? null).toBeNull();
    // An owner of another domain is no owner of this one.
    expect(codeOf(await ask(query, person('podcasts-owner', { owns: ['podcasts'] })))).toBe('FORBIDDEN');
    expect(codeOf(await ask(query))).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a page size of 0', `first: 0`],
    ['a page size above 1,000', `first: 1001`],
    ['"from" after "to"', `from: "2026-11-30T13:00:00Z", to: "2026-11-30T12:00:00Z"`],
    ['a date that is no date', `from: "yesterday"`],
  ])('%s is BAD_USER_INPUT', async (_, args) => {
    const { ask } = await catalogWithAudit();
    expect(codeOf(await ask(`{ accessLog(urn: "${PROFILES}", ${args}) { at } }`, LISTENERS_OWNER))).toBe('BAD_USER_INPUT');
  });

  it('a URN that is no data product is BAD_USER_INPUT', async () => {
    const { ask } = await catalogWithAudit();
    expect(codeOf(await ask(`{ accessLog(urn: "urn:meshgraph:listener:l-1") { at } }`, GOVERNANCE))).toBe('BAD_USER_INPUT');
  });

  it("a data product's consumers in the catalog, and lineage's observed applications, are the consumers the audit saw, by id", async () => {
    const { ask } = await catalogWithAudit();
    const product = await ask(`{ dataProduct(urn: "${PROFILES}") { figures { consumers { clientName paths count lastSeenAt } } } }`);
    expect(product.errors).toBeUndefined();
    expect(product.data!['dataProduct'].figures.consumers).toEqual([
      { clientName: 'charts-web', paths: ['subscription'], count: 6, lastSeenAt: read(11, '').at },
      { clientName: 'analyst', paths: ['query'], count: 6, lastSeenAt: read(10, '').at },
    ]);
    const lineage = await ask(`{ lineage(urn: "${PROFILES}") { edges { from to via observed } } }`);
    expect(lineage.errors).toBeUndefined();
    expect(lineage.data!['lineage'].edges).toEqual(
      expect.arrayContaining([
        { from: PROFILES, to: 'app:analyst', via: 'graphql', observed: true },
        { from: PROFILES, to: 'app:charts-web', via: 'graphql', observed: true },
      ]),
    );
  });
});
