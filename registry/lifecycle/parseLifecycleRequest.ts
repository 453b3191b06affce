import { DATA_PRODUCT_STATUSES, ErrorCode, type DataProductStatus } from '../../schema/index.ts';
import { LifecycleError } from './LifecycleError.ts';
import type { LifecycleRequest } from './ProductLifecycle.ts';

const fail = (message: string): never => {
  throw new LifecycleError(ErrorCode.BAD_USER_INPUT, message);
};

const SHAPE = '{ "urn", "to", "reason", "successor"?, "sunset"? }';

/**
 * Reads a move from untrusted input (a request body): `urn`, `to` (a
 * status), `reason` (text) and, optionally, `successor` and `sunset`
 * (strings); throws `LifecycleError` (`BAD_USER_INPUT`) saying what was
 * expected and what came. Whether the move is allowed is the book's to say.
 */
export function parseLifecycleRequest(value: unknown): LifecycleRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`A status move is a JSON object: ${SHAPE}.`);
  const body = value as Record<string, unknown>;
  const text = (field: string, what: string) => (typeof body[field] === 'string' ? (body[field] as string) : fail(`"${field}" must be ${what}, but is ${JSON.stringify(body[field] ?? null)}.`));
  const optional = (field: 'successor' | 'sunset', what: string) => (body[field] === undefined || body[field] === null ? {} : { [field]: text(field, what) });
  const urn = text('urn', "the data product's URN, urn:meshgraph:<domain>:<product>:v<major>");
  const to = text('to', `the status it moves to: one of ${DATA_PRODUCT_STATUSES.join(', ')}`);
  if (!(DATA_PRODUCT_STATUSES as readonly string[]).includes(to)) fail(`"to" must be one of ${DATA_PRODUCT_STATUSES.join(', ')}, but is ${JSON.stringify(to)}.`);
  return {
    urn,
    to: to as DataProductStatus,
    reason: text('reason', 'why, in a sentence its consumers read'),
    ...optional('successor', "the URN of the data product that replaces it"),
    ...optional('sunset', 'the day (YYYY-MM-DD) from which it may be retired'),
  };
}
