import { describe, expect, it } from 'vitest';
import { createAgreementBook, type AgreementProduct } from '../../governance/agreements/index.ts';
import { createAgreementNotifications, streamNotifications, type Notification } from '../../governance/notifications/index.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempLog } from '../support/tempLog.ts';
import { testConsumer } from '../support/testCallers.ts';

const leftovers = useLeftovers();
const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const analyst = testConsumer('analyst', { team: 'insights' });
const listenersOwner = testConsumer('listeners-owner', { owns: ['listeners'] });
const insightsOwner = testConsumer('insights-owner', { owns: ['insights'] });

/** A book on a fresh log whose clock and expiry timer the test moves. */
async function bookWithClock() {
  const { log } = leftovers.track(await createTempLog());
  let time = Date.parse('2026-03-01T09:00:00.000Z');
  let expiry: { at: number; fire: () => void } | undefined;
  const products: Record<string, AgreementProduct> = { [PROFILES]: { domain: 'listeners', autoApprove: [] }, [CHARTS]: { domain: 'insights', autoApprove: ['charts'] } };
  const book = leftovers.track(
    createAgreementBook({ log, policy: loadMeshPolicy(), products: (urn) => products[urn], logger: captureLogger('agreements'), now: () => time, schedule: (at, fire) => ((expiry = { at, fire }), () => undefined) }),
  );
  await book.ready;
  return {
    book,
    /** Moves the clock to the armed expiry, without firing it. */
    reachExpiry: () => void (time = expiry!.at),
    fireExpiry: () => expiry!.fire(),
  };
}

const take = async (stream: AsyncIterator<Notification>, count: number) => {
  const taken: string[] = [];
  while (taken.length < count) {
    const { value } = await stream.next();
    taken.push(`${value.kind} ${value.consumer}`);
  }
  return taken;
};

describe('notifications of access agreements', () => {
  it('the consumer hears that its agreement expired, once, whether told live or replayed first', async () => {
    const { book, reachExpiry, fireExpiry } = await bookWithClock();
    const live = streamNotifications({ sources: [createAgreementNotifications(book)], consumer: analyst });
    const asked = await book.request(analyst, { urn: PROFILES, purpose: 'customer-support', justification: 'ticket', days: 1 });
    await book.approve(listenersOwner, asked.id);
    expect(await take(live, 1)).toEqual(['ACCESS_APPROVED analyst']);

    // A subscriber that comes when the time ran out, before the book's timer fired, sees the agreement expired in its replay.
    reachExpiry();
    const replayed = streamNotifications({ sources: [createAgreementNotifications(book)], consumer: analyst, since: asked.requestedAt });
    fireExpiry();
    expect(await take(live, 1)).toEqual(['ACCESS_EXPIRED analyst']);
    expect(await take(replayed, 1)).toEqual(['ACCESS_EXPIRED analyst']);
    // Told once: the next thing it hears is the next change.
    await book.request(analyst, { urn: PROFILES, purpose: 'analytics', justification: 'again', days: 1 }).then((next) => book.reject(listenersOwner, next.id, 'no'));
    expect(await take(replayed, 1)).toEqual(['ACCESS_REJECTED analyst']);
    await Promise.all([live.return!(), replayed.return!()]);
  });

  it('a request the product approves on its own reaches its owners, who never saw the request', async () => {
    const { book } = await bookWithClock();
    const owner = streamNotifications({ sources: [createAgreementNotifications(book)], consumer: insightsOwner });
    const asked = await book.request(analyst, { urn: CHARTS, purpose: 'charts', justification: 'the charts page' });
    expect(asked.status).toBe('approved');
    const { value } = await owner.next();
    expect(value).toMatchObject({ kind: 'ACCESS_APPROVED', consumer: 'analyst', agreement: { id: asked.id, decidedBy: 'auto' } });
    expect(value.message).toContain('The data product approved');
    await owner.return!();
  });
});
