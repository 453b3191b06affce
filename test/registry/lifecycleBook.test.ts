import { describe, expect, it } from 'vitest';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { createLifecycleBook, effectiveStatus, type LifecycleBook, type LifecycleChange, type LifecycleRequest } from '../../registry/index.ts';
import type { DataProductDescriptor, DataProductStatus } from '../../schema/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempLog } from '../support/tempLog.ts';

const PLAYS_V1 = 'urn:meshgraph:podcasts:episode-plays:v1';
const PLAYS_V2 = 'urn:meshgraph:podcasts:episode-plays:v2';
const CATALOG = 'urn:meshgraph:podcasts:podcast-catalog:v1';
const CHARTS = 'urn:meshgraph:insights:top-charts:v1';

/** The part of a descriptor the book reads: its URN, domain and declared status. */
const descriptor = (urn: string, status: DataProductStatus = 'active') => ({ urn, domain: urn.split(':')[2], name: urn.split(':')[3], status }) as DataProductDescriptor;
const PUBLISHED = new Map([PLAYS_V1, PLAYS_V2, CHARTS].map((urn) => [urn, descriptor(urn)]));
PUBLISHED.set(CATALOG, descriptor(CATALOG, 'proposed'));

const owner = DEMO_CONSUMERS['podcasts-owner']!;
const governance = DEMO_CONSUMERS['governance']!;
const TODAY = Date.parse('2026-12-01T12:00:00.000Z');
const deprecation: LifecycleRequest = { urn: PLAYS_V1, to: 'deprecated', reason: 'v2 counts a play once per device', successor: PLAYS_V2, sunset: '2027-03-31' };

describe('the lifecycle book: a data product\'s status moves by its owner, with a reason, on the event log', () => {
  const leftovers = useLeftovers();
  let clock = TODAY;
  const follow = async (log: EventLog) => {
    const book = leftovers.track(createLifecycleBook({ log, products: (urn) => PUBLISHED.get(urn), logger: captureLogger('lifecycle'), now: () => clock }));
    await book.ready;
    return book;
  };
  /** A book on a new log, or on the log of `dataDir` opened again (a restart). */
  const open = async (dataDir?: string) => {
    const log = dataDir ? leftovers.track(await createEmbeddedLog({ dataDir })) : leftovers.track(await createTempLog());
    const opened = 'log' in log ? log.log : log;
    return { book: await follow(opened), log: opened, dataDir: dataDir ?? (log as { dataDir: string }).dataDir };
  };
  /** Resolves with the next move `book` learns. */
  const nextChange = (book: LifecycleBook) =>
    new Promise<LifecycleChange>((resolve) => {
      const stop = book.onChange((change) => (stop(), resolve(change)));
    });
  const refusal = async (book: LifecycleBook, request: LifecycleRequest, caller: Consumer | undefined = owner) => {
    const error = await book.move(caller, request).then(() => undefined, (e: unknown) => e as { code: string; message: string });
    expect(error, `${request.urn} → ${request.to} should be refused`).toBeDefined();
    return error!;
  };

  it('the owner deprecates with a reason, a sunset and a successor; another replica learns it, a restart keeps the history', async () => {
    clock = TODAY;
    const first = await open();
    const second = await follow(first.log);
    expect(first.book.get(PLAYS_V1)).toBeUndefined();
    expect(effectiveStatus(PUBLISHED.get(PLAYS_V1)!, first.book)).toBe('active');

    const learnt = nextChange(second);
    const moved = await first.book.move(owner, deprecation);
    expect(moved).toMatchObject({ urn: PLAYS_V1, status: 'deprecated', reason: deprecation.reason, successor: PLAYS_V2, sunset: '2027-03-31' });
    expect(moved.history).toEqual([{ urn: PLAYS_V1, from: 'active', to: 'deprecated', reason: deprecation.reason, successor: PLAYS_V2, sunset: '2027-03-31', by: 'podcasts-owner', at: '2026-12-01T12:00:00.000Z' }]);
    expect(await learnt).toEqual(moved.history[0]);
    expect(second.get(PLAYS_V1)).toEqual(moved);
    expect(effectiveStatus(PUBLISHED.get(PLAYS_V1)!, second)).toBe('deprecated');

    // Governance retires it before the sunset; the retirement keeps the deprecation's successor.
    const retired = await second.move(governance, { urn: PLAYS_V1, to: 'retired', reason: 'nobody reads it any more' });
    expect(retired).toMatchObject({ status: 'retired', successor: PLAYS_V2 });
    await first.log.close();
    const restarted = await open(first.dataDir);
    expect(restarted.book.get(PLAYS_V1)?.history.map((c) => `${c.from}→${c.to} by ${c.by}`)).toEqual(['active→deprecated by podcasts-owner', 'deprecated→retired by governance']);
    expect(restarted.book.list().map((l) => l.urn)).toEqual([PLAYS_V1]);
  });

  it('only the domain\'s owners or governance move a product; an anonymous caller is told to authenticate', async () => {
    const { book } = await open();
    expect(await book.move(undefined, deprecation).catch((e: unknown) => e)).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('Authorization: Bearer') });
    expect(await refusal(book, deprecation, DEMO_CONSUMERS['insights-owner']!)).toMatchObject({
      code: 'FORBIDDEN',
      message: `Only the owners of domain "podcasts" (or governance) move the status of ${PLAYS_V1}; "insights-owner" is neither.`,
    });
    expect((await book.move(DEMO_CONSUMERS['insights-owner']!, { urn: CHARTS, to: 'deprecated', reason: 'superseded' })).status).toBe('deprecated');
    expect(await refusal(book, { urn: 'urn:meshgraph:podcasts:episode-plays:v9', to: 'deprecated', reason: 'x' })).toMatchObject({ code: 'UNKNOWN_DATA_PRODUCT' });
    expect(await refusal(book, { urn: 'plays', to: 'deprecated', reason: 'x' })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('urn:meshgraph:<domain>:<product>:v<major>') });
  });

  it('moves go forward only, with a reason; retiring needs a deprecation first and waits for its sunset; retired is final', async () => {
    clock = TODAY;
    const { book } = await open();
    const refused = async (request: Partial<LifecycleRequest>, message: string | RegExp, caller = owner) =>
      expect(await refusal(book, { ...deprecation, ...request } as LifecycleRequest, caller)).toMatchObject({ code: 'BAD_USER_INPUT', message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) });

    await refused({ reason: '  ' }, `A reason is required to move ${PLAYS_V1} to deprecated`);
    await refused({ to: 'retired', successor: undefined, sunset: undefined }, `${PLAYS_V1} is active: deprecate it first`);
    await refused({ to: 'proposed', successor: undefined, sunset: undefined }, 'moves forward only (proposed → active → deprecated → retired): it may go to deprecated, not to proposed');
    await refused({ successor: 'urn:meshgraph:podcasts:episode-plays:v3' }, '"successor" "urn:meshgraph:podcasts:episode-plays:v3" is no data product the registry knows');
    await refused({ successor: PLAYS_V1 }, 'cannot succeed itself');
    await refused({ sunset: '2027-02-30' }, '"sunset" must be a day written YYYY-MM-DD (e.g. 2027-03-31), but is "2027-02-30"');
    await refused({ sunset: '31/03/2027' }, 'but is "31/03/2027"');
    await refused({ sunset: '2026-11-30' }, '"sunset" 2026-11-30 is past');
    // A product never moved starts from its descriptor's status: podcast-catalog is proposed.
    await refused({ urn: CATALOG, to: 'active', successor: undefined }, '"sunset" goes with deprecated only');
    expect((await book.move(owner, { urn: CATALOG, to: 'deprecated', reason: 'never launched' })).history[0]).toMatchObject({ from: 'proposed', to: 'deprecated' });

    await book.move(owner, deprecation);
    await refused({ to: 'active', successor: undefined, sunset: undefined }, `${PLAYS_V1} is deprecated, and a status moves forward only`);
    await refused({ to: 'retired', successor: undefined, sunset: undefined }, `announced to be served until its sunset, 2027-03-31`);
    clock = Date.parse('2027-03-31T00:00:00.000Z');
    expect((await book.move(owner, { urn: PLAYS_V1, to: 'retired', reason: 'sunset reached' })).status).toBe('retired');
    await refused({ to: 'retired', successor: undefined, sunset: undefined }, 'retirement is final');
    expect(book.get(PLAYS_V1)?.history).toHaveLength(2);
  });

  it('two replicas moving one product at once: the first record wins, the other move is told, both hold the winner', async () => {
    clock = TODAY;
    const { log } = await open();
    // Both moves are checked before either appends: each replica's first append waits for the other's.
    let arrived = 0;
    let bothArrived!: () => void;
    const gate = new Promise<void>((resolve) => (bothArrived = resolve));
    const gated = new Proxy(log, {
      get(target, property) {
        if (property === 'append') {
          return async (...args: Parameters<EventLog['append']>) => {
            if (++arrived === 2) bothArrived();
            await gate;
            return target.append(...args);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const [first, second] = [await follow(gated), await follow(gated)];
    const outcomes = await Promise.allSettled([first.move(owner, deprecation), second.move(governance, { urn: PLAYS_V1, to: 'deprecated', reason: 'governance says so' })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/moved meanwhile: (podcasts-owner|governance) made it deprecated/) });
    expect(second.get(PLAYS_V1)).toEqual(first.get(PLAYS_V1));
    expect(first.get(PLAYS_V1)?.history).toHaveLength(1);
    // A replica that starts now reads the same.
    expect((await follow(log)).get(PLAYS_V1)).toEqual(first.get(PLAYS_V1));
  });
});
