import type { SubscriptionEvent } from '../graph/subscribe.ts';
import type { StreamColumn } from './streamShape.ts';

type GraphQLErrorLike = NonNullable<SubscriptionEvent<unknown>['errors']>[number];

/** Why governance held a field back, from its error's extensions (governance/enforcement `restrictionError`). */
export interface Masking {
  /** The policy rule that masked it, e.g. `confidential-needs-agreement`. */
  rule: string;
  /** `masked` (an agreement would grant it) or `denied` (credentials or scopes are missing). */
  decision: string;
  /** The field's classification, when a classification masked it. */
  classification?: string;
  /** The data product whose agreement grants it. */
  urn?: string;
  /** What the gateway says to do, the part of its message after `To read it:`. */
  remedy: string;
}

/** What one cell of an event's row shows. */
export type EventCell = { kind: 'value'; text: string } | { kind: 'empty' } | { kind: 'masked'; masking: Masking } | { kind: 'error'; message: string };

/** The path of an error without list indexes, as the columns name fields. */
const fieldPath = (error: GraphQLErrorLike) => (error.path ?? []).filter((key): key is string => typeof key === 'string');

/** Whether the error is at `path` or above it (a masked object nulls every field below it). */
const covers = (error: GraphQLErrorLike, path: readonly string[]) => {
  const at = fieldPath(error);
  return at.length > 0 && at.length <= path.length && at.every((key, index) => key === path[index]);
};

/** Governance's account of a masked field, when the error is one (`FORBIDDEN` with the rule that decided it). */
export function maskingOf(error: GraphQLErrorLike): Masking | undefined {
  const extensions = error.extensions ?? {};
  if (extensions['code'] !== 'FORBIDDEN' || typeof extensions['rule'] !== 'string') return undefined;
  const text = (key: string) => (typeof extensions[key] === 'string' ? (extensions[key] as string) : undefined);
  const remedy = /To read it: (.*?)\.?$/s.exec(error.message)?.[1] ?? 'ask the product’s owner';
  const classification = text('classification');
  const urn = text('urn');
  return { rule: extensions['rule'], decision: text('decision') ?? 'masked', remedy, ...(classification ? { classification } : {}), ...(urn ? { urn } : {}) };
}

const show = (value: unknown): string => {
  if (Array.isArray(value)) return value.map(show).join(', ');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
};

/** A value, or a list holding one or none: a list of nulls is a field every item lacks (masked in each, say). */
const present = (value: unknown): boolean => (Array.isArray(value) ? value.length === 0 || value.some(present) : value !== null && value !== undefined);

/** The value at `path` below `root`; a list along the way gives the values of its items. */
function valueAt(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || value === undefined) return value;
    value = Array.isArray(value) ? value.map((item: Record<string, unknown> | null) => item?.[key]) : (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * What an event shows in a column: the value, or, where it is null with an
 * error at or above the field, "masked" with governance's reason, or the
 * error's message.
 */
export function eventCell(event: SubscriptionEvent<Record<string, unknown>>, field: string, column: StreamColumn): EventCell {
  const value = valueAt(event.data?.[field], column.path);
  if (present(value)) return { kind: 'value', text: show(value) };
  const error = event.errors?.find((e) => covers(e, [field, ...column.path]));
  if (!error) return { kind: 'empty' };
  const masking = maskingOf(error);
  return masking ? { kind: 'masked', masking } : { kind: 'error', message: error.message };
}
