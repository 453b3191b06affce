import { GOVERNANCE_SCOPE, type Consumer } from '../../governance/Consumer.ts';
import { DATA_PRODUCT_STATUSES, ErrorCode, isPastSunset, type DataProductStatus } from '../../schema/index.ts';
import { LifecycleError } from './LifecycleError.ts';
import type { LifecycleChange, LifecycleRequest, ProductLifecycle } from './ProductLifecycle.ts';

/** What a move is checked against. */
export interface LifecycleMoveContext {
  /** Who moves it: the domain's owner or governance (checked before). */
  caller: Consumer;
  /** Where the product stands: its lifecycle's status if it moved before, else its descriptor's. */
  from: DataProductStatus;
  /** Its lifecycle, if it moved before (the sunset its deprecation announced). */
  current: ProductLifecycle | undefined;
  /** Whether `urn` is a data product the registry knows (for `successor`). */
  isKnown(urn: string): boolean;
  /** The time of the move, epoch milliseconds. */
  now: number;
}

const fail = (message: string): never => {
  throw new LifecycleError(ErrorCode.BAD_USER_INPUT, message);
};

const ORDER = DATA_PRODUCT_STATUSES.join(' → ');

/** Whether `day` is a real calendar day written `YYYY-MM-DD` (not 2027-02-30). */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const time = Date.parse(`${day}T00:00:00.000Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

/** The statuses a product at `from` may move to: forward only, and retired only from deprecated. */
export function nextStatuses(from: DataProductStatus): DataProductStatus[] {
  return DATA_PRODUCT_STATUSES.filter((to) => DATA_PRODUCT_STATUSES.indexOf(to) > DATA_PRODUCT_STATUSES.indexOf(from) && (to !== 'retired' || from === 'deprecated'));
}

/**
 * The rules of a status move, as one function: forward only (proposed →
 * active → deprecated → retired, skipping allowed), retired only from
 * deprecated (its consumers were warned) and final, a reason always, a
 * `successor` (deprecated or retired only) that is another known product, a
 * `sunset` (deprecated only) that is a real day not yet past, and no
 * retirement before the announced sunset unless governance retires it.
 * Answers the move, or throws `LifecycleError` (`BAD_USER_INPUT`) naming what
 * is wrong and what is allowed.
 */
export function checkLifecycleMove(request: LifecycleRequest, context: LifecycleMoveContext): LifecycleChange {
  const { urn, to, successor, sunset } = request;
  const { caller, from, current, isKnown, now } = context;
  if (!DATA_PRODUCT_STATUSES.includes(to)) fail(`"to" must be one of ${DATA_PRODUCT_STATUSES.join(', ')}, but is ${JSON.stringify(to)}.`);
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if (reason === '') fail(`A reason is required to move ${urn} to ${to}: its consumers read it.`);
  if (from === 'retired') fail(`${urn} is retired, and retirement is final: it moves no more. Publish its successor as a new data product (a new major version) instead.`);
  const allowed = nextStatuses(from);
  if (to === 'retired' && from !== 'deprecated') {
    fail(`${urn} is ${from}: deprecate it first (with a reason and a sunset) so its consumers are warned, then retire it. From ${from} it may go to ${allowed.join(' or ')}.`);
  }
  if (!allowed.includes(to)) fail(`${urn} is ${from}, and a status moves forward only (${ORDER}): it may go to ${allowed.join(' or ')}, not to ${to}.`);
  if (successor !== undefined) {
    if (to !== 'deprecated' && to !== 'retired') fail(`"successor" goes with deprecated or retired only: it names what replaces ${urn}, which a ${to} product needs not.`);
    if (successor === urn) fail(`"successor" must be another data product: ${urn} cannot succeed itself.`);
    if (!isKnown(successor)) fail(`"successor" ${JSON.stringify(successor)} is no data product the registry knows: name a published one, urn:meshgraph:<domain>:<product>:v<major> (GET /registry/subgraphs lists them).`);
  }
  if (sunset !== undefined) {
    if (to !== 'deprecated') fail(`"sunset" goes with deprecated only: it is the day from which a deprecated product may be retired.`);
    if (!isCalendarDay(sunset)) fail(`"sunset" must be a day written YYYY-MM-DD (e.g. 2027-03-31), but is ${JSON.stringify(sunset)}.`);
    if (sunset < new Date(now).toISOString().slice(0, 10)) fail(`"sunset" ${sunset} is past: give today or a later day, so consumers have time to move.`);
  }
  if (to === 'retired' && current?.sunset && !isPastSunset(current.sunset, now) && !caller.scopes.includes(GOVERNANCE_SCOPE)) {
    fail(`${urn} was announced to be served until its sunset, ${current.sunset}: its owners may retire it from that day (00:00 UTC); before it, only governance may.`);
  }
  return { urn, from, to, reason, ...(successor !== undefined ? { successor } : {}), ...(sunset !== undefined ? { sunset } : {}), by: caller.id, at: new Date(now).toISOString() };
}
