import { describe, expect, it } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { HEADERS, type EventLog } from '../../eventlog/index.ts';
import type { AccessAgreement } from '../../governance/AccessAgreement.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { AGREEMENTS_TOPIC, AgreementError, agreementRecord, createAgreementBook, type AgreementProduct, type LoggedAgreementBook } from '../../governance/agreements/index.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';
import { createTempLog } from '../support/tempLog.ts';
import { testConsumer } from '../support/testCallers.ts';

const leftovers = useLeftovers();
const POLICY = loadMeshPolicy();
const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const PRODUCTS: Record<string, AgreementProduct> = {
  [PROFILES]: { domain: 'listeners', autoApprove: [] },
  [CHARTS]: { domain: 'insights', autoApprove: ['charts', 'personalization'] },
};
const DAY = 86_400_000;

const consumer = testConsumer;
const analyst = consumer('analyst', { team: 'insights' });
const listenersOwner = consumer('listeners-owner', { owns: ['listeners'] });
const podcastsOwner = consumer('podcasts-owner', { owns: ['podcasts'] });
const governance = consumer('governance-team', { scopes: ['governance'] });

/** A clock the test moves, and the expiry timer it fires by hand. */
function manualClock(start = Date.parse('2026-03-01T09:00:00.000Z')) {
  let time = start;
  let timer: { at: number; fire: () => void } | undefined;
  return {
    now: () => time,
    schedule(at: number, fire: () => void) {
      const armed = { at, fire };
      timer = armed;
      return () => {
        if (timer === armed) timer = undefined;
      };
    },
    /** Moves the clock to the armed expiry and fires it. */
    runToNextExpiry() {
      const armed = timer ?? expect.fail('no expiry is armed');
      time = armed.at;
      armed.fire();
    },
    get armedAt() {
      return timer?.at;
    },
  };
}

async function openBook(log: EventLog, options: { now?: () => number; schedule?: (at: number, fire: () => void) => () => void } = {}) {
  const book = leftovers.track(createAgreementBook({ log, policy: POLICY, products: (urn) => PRODUCTS[urn], logger: captureLogger('agreements'), ...options }));
  await book.ready;
  return book;
}

/** The next agreement `book` announces that matches. */
function nextChange(book: LoggedAgreementBook, match: (agreement: AccessAgreement) => boolean) {
  return new Promise<AccessAgreement>((resolve) => {
    const stop = book.onChange((agreement) => {
      if (!match(agreement)) return;
      stop();
      resolve(agreement);
    });
  });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.fail('the command was accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgreementError);
  return error as AgreementError;
}

const ask = (book: LoggedAgreementBook, fields: Partial<Parameters<LoggedAgreementBook['request']>[1]> = {}, caller: Consumer | null = analyst) =>
  book.request(caller ?? undefined, { urn: PROFILES, purpose: 'customer-support', justification: 'Answering ticket 4711 about a listener account.', ...fields });

describe('access agreements on the governance topic', () => {
  it('an analyst requests access, the owner approves it, and the analyst is granted it for the days approved', async () => {
    const { log } = leftovers.track(await createTempLog());
    const clock = manualClock();
    const book = await openBook(log, clock);
    const requested = await ask(book, { days: 30 });
    expect(requested).toMatchObject({ urn: PROFILES, consumer: 'analyst', purpose: 'customer-support', status: 'requested', requestedDays: 30 });
    expect(book.granted('analyst', PROFILES)).toBeUndefined();
    const approved = await book.approve(listenersOwner, requested.id, { days: 7, reason: 'Support case' });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'listeners-owner', reason: 'Support case', expiresAt: new Date(clock.now() + 7 * DAY).toISOString() });
    expect(book.granted('analyst', PROFILES)?.id).toBe(requested.id);
    expect(book.granted('charts-web', PROFILES)).toBeUndefined();
    expect(book.list({ consumer: 'analyst', status: 'approved' }).map((a) => a.id)).toEqual([requested.id]);
  });

  it('governance decides any request; without days the requested days hold', async () => {
    const { log } = leftovers.track(await createTempLog());
    const clock = manualClock();
    const book = await openBook(log, clock);
    const approved = await book.approve(governance, (await ask(book, { days: 10 })).id);
    expect(approved.expiresAt).toBe(new Date(clock.now() + 10 * DAY).toISOString());
  });

  it('the owner rejects a request with a reason, and nothing is granted', async () => {
    const { log } = leftovers.track(await createTempLog());
    const book = await openBook(log);
    const { id } = await ask(book);
    expect((await refusal(book.reject(listenersOwner, id, '  '))).code).toBe('BAD_USER_INPUT');
    const rejected = await book.reject(listenersOwner, id, 'Use the aggregated engagement product instead.');
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'Use the aggregated engagement product instead.', decidedBy: 'listeners-owner' });
    expect(book.granted('analyst', PROFILES)).toBeUndefined();
    expect((await refusal(book.approve(listenersOwner, id))).message).toMatch(/is rejected; only requested agreements can be approved/);
  });

  it('a revocation ends access at once and is announced', async () => {
    const { log } = leftovers.track(await createTempLog());
    const book = await openBook(log);
    const { id } = await book.approve(listenersOwner, (await ask(book)).id);
    const announced = nextChange(book, (a) => a.status === 'revoked');
    const revoked = await book.revoke(listenersOwner, id, 'Ticket closed.');
    expect(revoked).toMatchObject({ status: 'revoked', reason: 'Ticket closed.' });
    expect((await announced).id).toBe(id);
    expect(book.granted('analyst', PROFILES)).toBeUndefined();
  });

  it('the consumer itself may end its agreement; another consumer may not', async () => {
    const { log } = leftovers.track(await createTempLog());
    const book = await openBook(log);
    const { id } = await book.approve(listenersOwner, (await ask(book)).id);
    const refused = await refusal(book.revoke(consumer('charts-web', { kind: 'application' }), id, 'Not mine, but still.'));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('Only the owners of domain "listeners" (or governance) revoke');
    expect(await book.revoke(analyst, id, 'Done with it.')).toMatchObject({ status: 'revoked', decidedBy: 'analyst' });
  });

  it('an approved agreement expires: it is announced when its time comes, and no longer granted', async () => {
    const { log } = leftovers.track(await createTempLog());
    const clock = manualClock();
    const book = await openBook(log, clock);
    const { id, expiresAt } = await book.approve(listenersOwner, (await ask(book)).id, { days: 1 });
    expect(clock.armedAt).toBe(Date.parse(expiresAt!));
    const announced = nextChange(book, (a) => a.status === 'expired');
    clock.runToNextExpiry();
    expect(await announced).toMatchObject({ id, status: 'expired' });
    expect(book.granted('analyst', PROFILES)).toBeUndefined();
    expect(book.list({ urn: PROFILES })).toMatchObject([{ id, status: 'expired' }]);
    expect((await refusal(book.revoke(listenersOwner, id, 'Too late.'))).message).toMatch(/is expired/);
  });

  it('every bad request is refused with a code and a message saying what to do', async () => {
    const { log } = leftovers.track(await createTempLog());
    const book = await openBook(log);
    const anonymous = await refusal(ask(book, {}, null));
    expect(anonymous.code).toBe('UNAUTHENTICATED');
    const unknownUrn = await refusal(ask(book, { urn: 'urn:meshgraph:listeners:listener-profile:v1' }));
    expect(unknownUrn.code).toBe('UNKNOWN_DATA_PRODUCT');
    const unknownPurpose = await refusal(ask(book, { purpose: 'analytic' }));
    expect(unknownPurpose.code).toBe('BAD_USER_INPUT');
    expect(unknownPurpose.message).toContain('Did you mean "analytics"?');
    const tooLong = await refusal(ask(book, { days: POLICY.agreements.maxDays + 1 }));
    expect(tooLong.message).toContain(`from 1 to ${POLICY.agreements.maxDays} (the mesh policy's agreements.maxDays), but is ${POLICY.agreements.maxDays + 1}`);
    expect((await refusal(ask(book, { justification: ' ' }))).code).toBe('BAD_USER_INPUT');

    const { id } = await ask(book);
    expect((await refusal(ask(book))).message).toContain(`You already asked for ${PROFILES} for customer-support: agreement "${id}" waits for the owner.`);
    const notOwner = await refusal(book.approve(podcastsOwner, id));
    expect(notOwner.code).toBe('FORBIDDEN');
    expect((await refusal(book.approve(analyst, id))).code).toBe('FORBIDDEN');
    expect((await refusal(book.approve(undefined, id))).code).toBe('UNAUTHENTICATED');
    expect((await refusal(book.approve(listenersOwner, id, { days: 0 }))).code).toBe('BAD_USER_INPUT');
    expect((await refusal(book.reject(listenersOwner, 'agr-nope', 'No.'))).message).toContain('No access agreement has id "agr-nope"');
    expect((await refusal(book.revoke(listenersOwner, id, ''))).message).toContain('A reason is required to revoke');
    expect(book.list({})).toMatchObject([{ id, status: 'requested' }]);
  });

  it('a product that auto-approves a purpose approves it at once, but never a PII purpose the policy keeps for the owner', async () => {
    const { log } = leftovers.track(await createTempLog());
    const book = await openBook(log);
    const charts = await ask(book, { urn: CHARTS, purpose: 'charts' });
    expect(charts).toMatchObject({ status: 'approved', decidedBy: 'auto' });
    expect(book.granted('analyst', CHARTS)?.id).toBe(charts.id);
    expect(POLICY.agreements.autoApprovePii).toBe(false);
    expect(await ask(book, { urn: CHARTS, purpose: 'personalization' })).toMatchObject({ status: 'requested' });
  });

  it('granted prefers an agreement whose purpose allows PII', async () => {
    const { log } = leftovers.track(await createTempLog());
    const book = await openBook(log);
    await book.approve(listenersOwner, (await ask(book, { purpose: 'customer-support' })).id, { days: 2 });
    await book.approve(listenersOwner, (await ask(book, { purpose: 'analytics' })).id, { days: 20 });
    expect(book.granted('analyst', PROFILES)?.purpose).toBe('customer-support');
  });

  it('a second book on the same data folder sees the first one\'s decisions, live', async () => {
    const temp = leftovers.track(await createTempLog());
    const first = await openBook(temp.log);
    const { id } = await first.approve(listenersOwner, (await ask(first)).id);
    const secondLog = leftovers.track(await createEmbeddedLog({ dataDir: temp.dataDir }));
    const second = await openBook(secondLog);
    expect(second.granted('analyst', PROFILES)?.id).toBe(id);
    const seen = nextChange(second, (a) => a.id === id);
    await first.revoke(listenersOwner, id, 'Ticket closed.');
    expect(await seen).toMatchObject({ status: 'revoked', reason: 'Ticket closed.' });
    expect(second.granted('analyst', PROFILES)).toBeUndefined();
  });

  it('a book opened after a restart holds the same agreements', async () => {
    const dir = leftovers.track(await createTempDir());
    const before = await createEmbeddedLog({ dataDir: dir.path });
    const book = createAgreementBook({ log: before, policy: POLICY, products: (urn) => PRODUCTS[urn], logger: captureLogger('agreements') });
    const approved = await book.approve(listenersOwner, (await ask(book)).id);
    const rejected = await book.reject(governance, (await ask(book, { purpose: 'analytics' })).id, 'Not needed.');
    const waiting = await ask(book, { purpose: 'fraud-investigation' });
    await book.close();
    await before.close();

    const after = leftovers.track(await createEmbeddedLog({ dataDir: dir.path }));
    const restarted = await openBook(after);
    expect(restarted.list({})).toEqual(book.list({}));
    expect(restarted.list({}).map((a) => [a.id, a.status])).toEqual(
      expect.arrayContaining([
        [approved.id, 'approved'],
        [rejected.id, 'rejected'],
        [waiting.id, 'requested'],
      ]),
    );
    expect(restarted.granted('analyst', PROFILES)?.id).toBe(approved.id);
    expect(await restarted.approve(listenersOwner, waiting.id)).toMatchObject({ status: 'approved' });
  });

  it('of two decisions made on the same state, the first in the log wins, and a record that is no agreement is skipped', async () => {
    const { log } = leftovers.track(await createTempLog());
    const logger = captureLogger('agreements');
    const book = leftovers.track(createAgreementBook({ log, policy: POLICY, products: (urn) => PRODUCTS[urn], logger }));
    const requested = await ask(book);
    const at = new Date().toISOString();
    const decided = { decidedAt: at, decidedBy: 'listeners-owner' };
    const rejectedLate = nextChange(book, (a) => a.status === 'revoked');
    await log.append(AGREEMENTS_TOPIC.name, [
      { key: requested.id, value: '{"type":"approved"', headers: { [HEADERS.producer]: 'governance', [HEADERS.schemaVersion]: '1' } },
      agreementRecord({ type: 'approved', revision: 2, agreement: { ...requested, ...decided, status: 'approved', expiresAt: new Date(Date.now() + DAY).toISOString() } }, at),
      agreementRecord({ type: 'rejected', revision: 2, agreement: { ...requested, ...decided, status: 'rejected', reason: 'No.' } }, at),
      agreementRecord({ type: 'revoked', revision: 3, agreement: { ...requested, ...decided, status: 'revoked', reason: 'Closed.' } }, at),
    ]);
    await rejectedLate;
    expect(book.list({}).map((a) => a.status)).toEqual(['revoked']);
    expect(logger.lines.some((line) => line.includes('skipped a record of the governance topic that is no agreement event'))).toBe(true);
    expect(logger.lines.some((line) => line.includes('skipped an agreement change made on an older state'))).toBe(true);
  });
});
