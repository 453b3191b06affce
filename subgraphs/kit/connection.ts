import { GraphQLError } from 'graphql';
import { partitionPoint } from '../../common/index.ts';
import { decodeCursor, encodeCursor, ErrorCode } from '../../schema/index.ts';

/** A sortable value of an ordering key. */
export type KeyPart = string | number;

/** How a list is ordered: the list's and the ordering's names (both part of each cursor), the key of an item, and the direction. */
export interface Ordering<T> {
  /** Which list, e.g. `plays`: a cursor of one list is refused by another. */
  list: string;
  /** Which ordering of it, e.g. `OCCURRED_AT:DESC`. */
  name: string;
  key: (item: T) => readonly KeyPart[];
  direction: 'ASC' | 'DESC';
}

/** A Relay connection page. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Page arguments as they come from GraphQL. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Largest `first` a client may ask for. */
export const MAX_PAGE_SIZE = 500;
/** `first` when the client gives none. */
export const DEFAULT_PAGE_SIZE = 20;

/** Compares sort keys part by part (a missing part sorts first). */
export function compareKeys(a: readonly KeyPart[], b: readonly KeyPart[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Index of the first item of `items` (sorted as `ordering` says) whose key sorts after `key`. */
export function positionAfter<T>(items: readonly T[], key: readonly KeyPart[], ordering: Ordering<T>): number {
  const sign = ordering.direction === 'ASC' ? 1 : -1;
  return partitionPoint(0, items.length, (i) => sign * compareKeys(ordering.key(items[i]!), key) <= 0);
}

/** Sorts a copy of `items` as `ordering` says; `paginate` expects lists sorted this way. */
export function sortForPaging<T>(items: readonly T[], ordering: Ordering<T>): T[] {
  const sign = ordering.direction === 'ASC' ? 1 : -1;
  return items
    .map((item) => ({ item, key: ordering.key(item) }))
    .sort((a, b) => sign * compareKeys(a.key, b.key))
    .map(({ item }) => item);
}

function encodeListCursor(ordering: Ordering<unknown>, key: readonly KeyPart[]): string {
  return encodeCursor([ordering.list, ordering.name, ...key]);
}

/** What a list cursor holds: the list's name, the ordering's name, then the key. */
const isListCursor = (value: unknown): value is [string, string, ...KeyPart[]] =>
  Array.isArray(value) &&
  typeof value[0] === 'string' &&
  typeof value[1] === 'string' &&
  value.slice(2).every((part) => typeof part === 'string' || typeof part === 'number');

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

/** Decodes `after`; its key must have the shape of `sample` (a key of this ordering), or the cursor was not made here. */
function decodeListCursor(cursor: string, ordering: Ordering<unknown>, sample: readonly KeyPart[] | undefined): KeyPart[] {
  const parts = decodeCursor(cursor, isListCursor);
  if (!parts) {
    throw badInput(`"after" is not a cursor of this list: "${cursor}". Pass the endCursor (or an edge's cursor) of a page you received.`);
  }
  const [list, name, ...key] = parts;
  if (list !== ordering.list || name !== ordering.name) {
    throw badInput(
      `"after" is a cursor of the list "${list}" ordered by "${name}", but this is the list "${ordering.list}" ordered by "${ordering.name}". ` +
        'Page with the same list and orderBy, or start again without "after".',
    );
  }
  const fits = !sample || (key.length === sample.length && key.every((part, i) => typeof part === typeof sample[i]));
  if (!fits) throw badInput(`"after" is not a cursor of this list: "${cursor}". Pass the endCursor (or an edge's cursor) of a page you received.`);
  return key as KeyPart[];
}

/**
 * Returns the page of `items` (sorted as `ordering` says) that follows the
 * `after` cursor, of the items that `matches` accepts (all without it) within
 * `items[window[0]..window[1])` (all without it). Cursors carry the sort key,
 * not a position, so they stay valid while records are added. A page costs
 * what it reads: from the cursor on until the page is full and one more match
 * is found; `totalCount` of a filtered list is counted only when asked for.
 */
export function paginate<T>(
  items: readonly T[],
  args: PageArgs,
  ordering: Ordering<T>,
  matches?: (item: T) => boolean,
  window: readonly [number, number] = [0, items.length],
): Connection<T> {
  const [low, high] = window;
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`"first" must be a whole number from 0 to ${MAX_PAGE_SIZE}, but is ${first}. Page through larger lists with "after".`);
  }
  let start = low;
  if (args.after) {
    const after = decodeListCursor(args.after, ordering as Ordering<unknown>, items[0] === undefined ? undefined : ordering.key(items[0]));
    start = Math.max(low, positionAfter(items, after, ordering));
  }
  const toEdge = (node: T) => ({ cursor: encodeListCursor(ordering as Ordering<unknown>, ordering.key(node)), node });
  const pageInfo = (edges: Connection<T>['edges'], hasNextPage: boolean, hasPreviousPage: boolean) => ({
    hasNextPage,
    hasPreviousPage,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  });
  if (!matches) {
    const edges = items.slice(start, Math.min(start + first, high)).map(toEdge);
    return { edges, pageInfo: pageInfo(edges, start + first < high, start > low), totalCount: Math.max(0, high - low) };
  }
  const page: T[] = [];
  let next = start;
  for (; next < high && page.length < first; next++) if (matches(items[next]!)) page.push(items[next]!);
  const edges = page.map(toEdge);
  const matchFrom = (from: number, step: 1 | -1) => {
    for (let i = from; i >= low && i < high; i += step) if (matches(items[i]!)) return true;
    return false;
  };
  let totalCount: number | undefined;
  return {
    edges,
    pageInfo: pageInfo(edges, matchFrom(next, 1), matchFrom(start - 1, -1)),
    get totalCount() {
      if (totalCount === undefined) {
        totalCount = 0;
        for (let i = low; i < high; i++) if (matches(items[i]!)) totalCount++;
      }
      return totalCount;
    },
  };
}
