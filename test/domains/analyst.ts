import { expect } from 'vitest';
import { postGraphQL, type GraphQLBody } from '../support/http.ts';

/** How the domain tests ask the gateway, as an analyst would. */

/** An ISO-8601 date-time as the DateTime scalar serves it: UTC with milliseconds. */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Asks the gateway and expects an answer without errors. */
export async function ask(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const { status, body } = await postGraphQL(url, { query, variables });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data!;
}

/** Asks the gateway and expects the answer to be refused; returns the body. */
export async function askRefused(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLBody> {
  const { body } = await postGraphQL(url, { query, variables });
  expect(body.errors ?? [], `expected an error, got ${JSON.stringify(body)}`).not.toHaveLength(0);
  return body;
}

export interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: T }[];
}

/**
 * Walks every page of a connection: `query` takes `$first` and `$after`, and
 * `connectionOf` picks the connection from the data. Returns the pages.
 */
export async function walkPages<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  connectionOf: (data: Record<string, any>) => Page<T>,
  first = 500,
): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = connectionOf(await ask(url, query, { ...variables, first, after }));
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    expect(page.edges.length, 'a page before the last is full').toBe(first);
    expect(pages.length, 'too many pages').toBeLessThan(1_000);
    after = page.pageInfo.endCursor;
  }
}

/** The nodes of every page, in order. */
export async function allNodes<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  connectionOf: (data: Record<string, any>) => Page<T>,
): Promise<T[]> {
  return (await walkPages(url, query, variables, connectionOf)).flatMap((page) => page.edges.map((edge) => edge.node));
}

type Key = readonly (string | number)[];

/**
 * Compares sort keys part by part, as code units / numbers (no locale). Written
 * here again on purpose: an oracle of its own, so an ordering bug in the kit
 * cannot hide behind the same function in the test.
 */
function compareKeys(a: Key, b: Key): number {
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

/** The ids of `records` sorted by `key` (ties broken by id) in `direction`: the expected order of a list. */
export function expectedOrder<T extends { id: string }>(records: readonly T[], key: (record: T) => string | number, direction: 'ASC' | 'DESC'): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...records].sort((a, b) => sign * compareKeys([key(a), a.id], [key(b), b.id])).map((record) => record.id);
}

/** Counts the items by a key. */
export function tally<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

/** The id of an entity from its URN (`urn:meshgraph:listener:l-1` → `l-1`). */
export const idOf = (urn: string): string => urn.split(':').at(-1)!;
