import { randomUUID } from 'node:crypto';
import { createTopicFollower, HEADERS, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import { didYouMean, ErrorCode, type DataProductStatus } from '../../schema/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import type { AccessAgreement, AgreementStatus } from '../AccessAgreement.ts';
import { governs, type Consumer } from '../Consumer.ts';
import type { AgreementBook } from '../Governance.ts';
import type { MeshPolicy } from '../policy/index.ts';
import { AgreementError, type AgreementErrorCode } from './AgreementError.ts';
import { agreementRecord, parseAgreementEvent, type AgreementEvent, type AgreementEventType } from './agreementEvent.ts';
import { AGREEMENTS_TOPIC } from './agreementsTopic.ts';
import { agreementStatusAt } from './agreementStatusAt.ts';
import { productDomain } from './productDomain.ts';

/** What the agreement book needs to know of a data product. */
export interface AgreementProduct {
  /** The domain that serves it: its owners (and governance) decide requests for it. */
  domain: string;
  /** Purposes its descriptor approves at once (`access.autoApprove`). */
  autoApprove: readonly string[];
  /** Its effective status (the lifecycle's, else the descriptor's): a retired product takes no request. @default active */
  status?: DataProductStatus;
  /** The product that replaces it, which a refused request points to. @default none */
  successor?: string;
}

export interface AgreementBookOptions {
  /** The event log of the governance topic; the book creates the topic if it is missing. */
  log: EventLog;
  /** The mesh policy: the purposes, the longest agreement, whether a product may auto-approve a PII purpose. */
  policy: Pick<MeshPolicy, 'purposes' | 'agreements'>;
  /** A data product by URN, undefined when the mesh has none (the gateway passes its catalog, `catalogProducts`). */
  products: (urn: string) => AgreementProduct | undefined | Promise<AgreementProduct | undefined>;
  logger: Logger;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Calls `fire` at time `at` (by `now`) unless the returned function cancels it first; the book's expiries run on it. @default an unref'd timer */
  schedule?: (at: number, fire: () => void) => () => void;
}

/** What a consumer asks for. */
export interface AccessRequest {
  urn: string;
  /** A purpose of the mesh policy. */
  purpose: string;
  justification: string;
  /** How long, at most the policy's `agreements.maxDays`. @default the policy's `agreements.maxDays` */
  days?: number | null;
}

/** The agreement book, kept on the governance topic, with the commands that change it. */
export interface LoggedAgreementBook extends AgreementBook {
  /** Resolves once the book replayed the governance topic; commands and reads wait for it, or are answered from what was read so far. */
  readonly ready: Promise<void>;
  /** A consumer asks for access; approved at once where the product auto-approves the purpose. */
  request(caller: Consumer | undefined, request: AccessRequest): Promise<AccessAgreement>;
  /** The product's owner (or governance) approves a requested agreement for `days` (the requested ones by default). */
  approve(caller: Consumer | undefined, id: string, decision?: { days?: number | null; reason?: string | null }): Promise<AccessAgreement>;
  /** The product's owner (or governance) rejects a requested agreement, saying why. */
  reject(caller: Consumer | undefined, id: string, reason: string): Promise<AccessAgreement>;
  /** The consumer, the owner or governance ends an agreement (approved or still requested) at once, saying why. */
  revoke(caller: Consumer | undefined, id: string, reason: string): Promise<AccessAgreement>;
  /** Stops following the topic and the expiry timer. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
// setTimeout takes at most a signed 32-bit delay; a later expiry re-arms when this one fires.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** An agreement as this replica holds it, with the record it came from (to tell whose write won). */
interface Held {
  agreement: AccessAgreement;
  type: AgreementEventType;
  revision: number;
  partition: number;
  offset: number;
}

const fail = (code: AgreementErrorCode, message: string): never => {
  throw new AgreementError(code, message);
};

const isBlank = (text: string | null | undefined) => typeof text !== 'string' || text.trim() === '';

/**
 * The mesh's access agreements as events: every command appends the changed
 * agreement to the governance topic, and every replica (this one included)
 * applies what it reads there, from the start of the topic and then live. So
 * a second gateway on the same log holds the same agreements, a restart loses
 * none, and a command answers once its own record was applied here. When two
 * replicas decide one request at once, the first record in the log wins; the
 * other command fails and restates the winner, so compaction keeps it.
 */
export function createAgreementBook(options: AgreementBookOptions): LoggedAgreementBook {
  const { log, policy, products, logger, now = Date.now } = options;
  const schedule =
    options.schedule ??
    ((at: number, fire: () => void) => {
      const timer = setTimeout(fire, Math.min(LONGEST_TIMER_MS, Math.max(0, at - now())));
      timer.unref();
      return () => clearTimeout(timer);
    });
  const held = new Map<string, Held>();
  // `granted` runs for every data product of every governed operation: it looks at one consumer's agreements on one product, not at all of them.
  const byConsumerAndUrn = new Map<string, Set<string>>();
  const pairKey = (consumer: string, urn: string) => `${consumer}\u0000${urn}`;
  const listeners = new Set<(agreement: AccessAgreement) => void>();
  const expiryAnnounced = new Set<string>();
  let live = false;
  let closed = false;
  let cancelExpiry: (() => void) | undefined;

  const notify = (agreement: AccessAgreement) => {
    for (const listener of listeners) {
      try {
        listener(agreement);
      } catch (error) {
        logger.error('an agreement listener failed', { agreement: agreement.id, err: error });
      }
    }
  };

  /** Announces the approved agreements whose time ran out, and arms the timer for the next one. */
  const checkExpiries = () => {
    cancelExpiry?.();
    cancelExpiry = undefined;
    if (closed) return;
    const time = now();
    let next = Number.POSITIVE_INFINITY;
    for (const { agreement } of held.values()) {
      if (agreement.status !== 'approved' || agreement.expiresAt === undefined || expiryAnnounced.has(agreement.id)) continue;
      const at = Date.parse(agreement.expiresAt);
      if (at > time) next = Math.min(next, at);
      else {
        expiryAnnounced.add(agreement.id);
        // Agreements that ran out before this replica started are no news.
        if (live) notify({ ...agreement, status: 'expired' });
      }
    }
    if (next !== Number.POSITIVE_INFINITY) cancelExpiry = schedule(next, checkExpiries);
  };

  const apply = (record: LogRecord) => {
    let event: AgreementEvent;
    try {
      event = parseAgreementEvent(record.value, record.headers[HEADERS.schemaVersion]);
      if (event.agreement.id !== record.key) throw new EventRejected(`the record's key ${JSON.stringify(record.key)} is not the agreement's id "${event.agreement.id}"`);
    } catch (error) {
      if (!(error instanceof EventRejected)) throw error;
      logger.warn('skipped a record of the governance topic that is no agreement event', { topic: record.topic, partition: record.partition, offset: record.offset, reason: error.reason });
      return;
    }
    const current = held.get(event.agreement.id);
    if (current && event.revision <= current.revision) {
      logger.debug('skipped an agreement change made on an older state', { agreement: event.agreement.id, revision: event.revision, held: current.revision });
      return;
    }
    held.set(event.agreement.id, { agreement: event.agreement, type: event.type, revision: event.revision, partition: record.partition, offset: record.offset });
    const pair = pairKey(event.agreement.consumer, event.agreement.urn);
    if (current && pairKey(current.agreement.consumer, current.agreement.urn) !== pair) byConsumerAndUrn.get(pairKey(current.agreement.consumer, current.agreement.urn))?.delete(event.agreement.id);
    byConsumerAndUrn.set(pair, (byConsumerAndUrn.get(pair) ?? new Set()).add(event.agreement.id));
    expiryAnnounced.delete(event.agreement.id);
    const changed = current?.agreement;
    // A restatement (after two replicas raced) changes nothing a listener could see.
    if (live && !(changed && changed.status === event.agreement.status && changed.decidedAt === event.agreement.decidedAt)) notify(agreementStatusAt(event.agreement, now()));
  };

  const follower = createTopicFollower({
    log,
    topic: AGREEMENTS_TOPIC,
    apply,
    onBatch: () => {
      if (live) checkExpiries();
    },
    onStop: (error) => logger.error('stopped following the governance topic: agreements no longer change here', { err: error }),
  });

  const ready = (async () => {
    await follower.caughtUp;
    live = true;
    checkExpiries();
  })();

  /** Appends `event` and answers the agreement once this replica applied it; if another replica's change won, restates that one and fails. */
  const commit = async (event: AgreementEvent): Promise<AccessAgreement> => {
    const [appended] = await log.append(AGREEMENTS_TOPIC.name, [agreementRecord(event, new Date(now()).toISOString())]);
    await follower.applied(appended!);
    const winner = held.get(event.agreement.id)!;
    if (winner.partition === appended!.partition && winner.offset === appended!.offset) return agreementStatusAt(winner.agreement, now());
    if (winner.revision === event.revision) {
      // Compaction keeps an agreement's last record: it must be the winner's, not this one the replicas skipped.
      await log.append(AGREEMENTS_TOPIC.name, [agreementRecord({ type: winner.type, agreement: winner.agreement, revision: winner.revision + 1 }, new Date(now()).toISOString())]);
    }
    return fail(ErrorCode.BAD_USER_INPUT, `Access agreement "${event.agreement.id}" changed meanwhile: it is ${agreementStatusAt(winner.agreement, now()).status}${winner.agreement.decidedBy ? ` (by ${winner.agreement.decidedBy})` : ''}. Read it again with accessAgreements.`);
  };

  const authenticated = (caller: Consumer | undefined, action: string): Consumer =>
    caller ?? fail(ErrorCode.UNAUTHENTICATED, `Anonymous callers cannot ${action}: send "Authorization: Bearer <token>" (npx meshgraph token <consumer> prints one for a demo consumer).`);

  const checkDays = (days: number) => {
    const { maxDays } = policy.agreements;
    if (!Number.isInteger(days) || days < 1 || days > maxDays) fail(ErrorCode.BAD_USER_INPUT, `"days" must be a whole number from 1 to ${maxDays} (the mesh policy's agreements.maxDays), but is ${days}.`);
    return days;
  };

  const requireReason = (reason: string | null | undefined, action: string): string =>
    isBlank(reason) ? fail(ErrorCode.BAD_USER_INPUT, `A reason is required to ${action} an access agreement: the consumer reads it.`) : reason!.trim();

  const find = async (id: string): Promise<Held> => {
    await ready;
    return held.get(id) ?? fail(ErrorCode.BAD_USER_INPUT, `No access agreement has id "${id}"; accessAgreements lists those you may see.`);
  };

  /** The caller decides requests for the agreement's product: its domain's owner, or governance. */
  const checkDecider = (caller: Consumer, agreement: AccessAgreement, action: string) => {
    const domain = productDomain(agreement.urn) ?? agreement.urn;
    if (!governs(caller, domain)) {
      fail(ErrorCode.FORBIDDEN, `Only the owners of domain "${domain}" (or governance) ${action} agreements on ${agreement.urn}; "${caller.id}" is neither.`);
    }
  };

  const checkStatus = (current: Held, allowed: readonly AgreementStatus[], action: string) => {
    const { status } = agreementStatusAt(current.agreement, now());
    if (!allowed.includes(status)) {
      fail(ErrorCode.BAD_USER_INPUT, `Access agreement "${current.agreement.id}" is ${status}; only ${allowed.join(' or ')} agreements can be ${action}.`);
    }
  };

  const change = (current: Held, type: AgreementEventType, caller: Consumer, fields: Partial<AccessAgreement>) =>
    commit({
      type,
      revision: current.revision + 1,
      agreement: { ...current.agreement, status: type, decidedAt: new Date(now()).toISOString(), decidedBy: caller.id, ...fields },
    });

  return {
    ready,

    granted(consumer, urn) {
      const time = now();
      let best: AccessAgreement | undefined;
      for (const id of byConsumerAndUrn.get(pairKey(consumer, urn)) ?? []) {
        const { agreement } = held.get(id)!;
        if (agreementStatusAt(agreement, time).status !== 'approved') continue;
        const pii = (a: AccessAgreement) => (policy.purposes[a.purpose]?.pii ? 1 : 0);
        if (!best || pii(agreement) > pii(best) || (pii(agreement) === pii(best) && agreement.expiresAt! > best.expiresAt!)) best = agreement;
      }
      return best;
    },

    list(filter) {
      const time = now();
      return [...held.values()]
        .map(({ agreement }) => agreementStatusAt(agreement, time))
        .filter((a) => (filter.urn === undefined || a.urn === filter.urn) && (filter.consumer === undefined || a.consumer === filter.consumer) && (filter.status === undefined || a.status === filter.status))
        .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id));
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async request(caller, { urn, purpose, justification, days }) {
      const consumer = authenticated(caller, 'request access');
      if (!Object.hasOwn(policy.purposes, purpose)) {
        fail(ErrorCode.BAD_USER_INPUT, `"${purpose}" is not a purpose of the mesh policy; ask for one of ${Object.keys(policy.purposes).join(', ')} (accessPurposes).${didYouMean(purpose, Object.keys(policy.purposes))}`);
      }
      if (isBlank(justification)) fail(ErrorCode.BAD_USER_INPUT, 'A justification is required: tell the owner, in a sentence, what you will do with the data.');
      if (days !== undefined && days !== null) checkDays(days);
      const product = (await products(urn)) ?? fail(ErrorCode.UNKNOWN_DATA_PRODUCT, `No data product of the mesh has URN "${urn}"; dataProducts(search: …) finds them.`);
      if (product.status === 'retired') {
        const instead = product.successor ? `ask for its successor ${product.successor} instead.` : 'it has no successor; dataProducts(search: …) finds others.';
        fail(ErrorCode.DATA_PRODUCT_RETIRED, `Data product ${urn} is retired and no longer served, so no access to it is granted: ${instead}`);
      }
      await ready;
      const pending = [...held.values()].find(({ agreement: a }) => a.status === 'requested' && a.consumer === consumer.id && a.urn === urn && a.purpose === purpose);
      if (pending) fail(ErrorCode.BAD_USER_INPUT, `You already asked for ${urn} for ${purpose}: agreement "${pending.agreement.id}" waits for the owner. Revoke it to ask again.`);
      const autoApproves = product.autoApprove.includes(purpose);
      const auto = autoApproves && (!policy.purposes[purpose]!.pii || policy.agreements.autoApprovePii);
      if (autoApproves && !auto) logger.warn('a data product auto-approves a PII purpose the mesh policy keeps for its owner; the request waits for them', { urn, purpose });
      const requestedAt = new Date(now()).toISOString();
      const agreement: AccessAgreement = {
        id: `agr-${randomUUID()}`,
        urn,
        consumer: consumer.id,
        purpose,
        justification: justification.trim(),
        status: auto ? 'approved' : 'requested',
        requestedAt,
        ...(days ? { requestedDays: days } : {}),
        ...(auto ? { decidedAt: requestedAt, decidedBy: 'auto', expiresAt: new Date(now() + (days ?? policy.agreements.maxDays) * DAY_MS).toISOString() } : {}),
      };
      return commit({ type: 'requested', agreement, revision: 1 });
    },

    async approve(caller, id, decision = {}) {
      const consumer = authenticated(caller, 'approve access');
      const current = await find(id);
      checkDecider(consumer, current.agreement, 'approve');
      checkStatus(current, ['requested'], 'approved');
      const days = checkDays(decision.days ?? current.agreement.requestedDays ?? policy.agreements.maxDays);
      return change(current, 'approved', consumer, { reason: isBlank(decision.reason) ? undefined : decision.reason!.trim(), expiresAt: new Date(now() + days * DAY_MS).toISOString() });
    },

    async reject(caller, id, reason) {
      const consumer = authenticated(caller, 'reject access');
      const text = requireReason(reason, 'reject');
      const current = await find(id);
      checkDecider(consumer, current.agreement, 'reject');
      checkStatus(current, ['requested'], 'rejected');
      return change(current, 'rejected', consumer, { reason: text });
    },

    async revoke(caller, id, reason) {
      const consumer = authenticated(caller, 'revoke access');
      const text = requireReason(reason, 'revoke');
      const current = await find(id);
      if (current.agreement.consumer !== consumer.id) checkDecider(consumer, current.agreement, 'revoke');
      checkStatus(current, ['approved', 'requested'], 'revoked');
      return change(current, 'revoked', consumer, { reason: text });
    },

    async close() {
      closed = true;
      cancelExpiry?.();
      listeners.clear();
      await follower.close();
    },
  };
}
