import { beforeAll, describe, expect, it } from 'vitest';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';
import { ask, askRefused, expectedOrder, tally, walkPages, type Page } from './analyst.ts';

const PAGE_INFO = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const PLAYS = `query($first: Int, $after: String) { plays(first: $first, after: $after) { ${PAGE_INFO} edges { cursor node { id } } } }`;
const LISTENERS = `query($first: Int, $after: String, $country: String, $orderBy: ListenerOrder) {
  listeners(first: $first, after: $after, country: $country, orderBy: $orderBy) { ${PAGE_INFO} edges { cursor node { id } } } }`;
const EPISODE_PLAYS = `query($id: ID!, $first: Int, $after: String) {
  episode(id: $id) { plays(first: $first, after: $after) { ${PAGE_INFO} edges { cursor node { id } } } } }`;
const CHART = `query($first: Int, $after: String) { topCharts(first: $first, after: $after) { ${PAGE_INFO} edges { cursor node { rank } } } }`;
const ENGAGEMENT = `query($first: Int, $after: String) {
  listenerEngagement(first: $first, after: $after) { ${PAGE_INFO} edges { cursor node { listener { id } } } } }`;

/** Checks the Relay contract over a walk and returns the visited items' ids. */
function checkWalk<T>(pages: Page<T>[], idOf: (node: T) => string): string[] {
  const totals = new Set(pages.map((page) => page.totalCount));
  expect([...totals], 'totalCount is the same on every page').toHaveLength(1);
  pages.forEach((page, index) => {
    expect(page.pageInfo.hasPreviousPage).toBe(index > 0);
    expect(page.pageInfo.hasNextPage).toBe(index < pages.length - 1);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
  });
  const ids = pages.flatMap((page) => page.edges.map((edge) => idOf(edge.node)));
  expect(new Set(ids).size, 'no item twice').toBe(ids.length);
  expect(ids).toHaveLength([...totals][0]!);
  return ids;
}

describe('pagination: an analyst pages through long lists', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh;
  beforeAll(async () => {
    mesh = leftovers.track(await startMesh());
  });
  const url = () => mesh.gateway.url;

  it('walks all 6000 plays, 500 at a time, each exactly once and newest first', async () => {
    const { plays } = mesh.domains.podcasts.store;
    const pages = await walkPages(url(), PLAYS, {}, (data) => data.plays, 500);
    expect(pages).toHaveLength(Math.ceil(plays.length / 500));
    const ids = checkWalk(pages, (node: { id: string }) => node.id);
    expect(ids).toEqual(expectedOrder(plays, (p) => p.occurredAt, 'DESC'));
  });

  it('walks a filtered list in small pages: listeners in Great Britain by name, 7 at a time', async () => {
    const gb = mesh.domains.listeners.store.all.filter((l) => l.country === 'GB');
    const orderBy = { field: 'DISPLAY_NAME', direction: 'ASC' };
    const pages = await walkPages(url(), LISTENERS, { country: 'GB', orderBy }, (data) => data.listeners, 7);
    expect(pages).toHaveLength(Math.ceil(gb.length / 7));
    expect(checkWalk(pages, (node: { id: string }) => node.id)).toEqual(expectedOrder(gb, (l) => l.displayName, 'ASC'));
  });

  it('walks a nested connection: the plays of the most played episode, 100 at a time', async () => {
    const { plays } = mesh.domains.podcasts.store;
    const [id] = [...tally(plays, (p) => p.episodeId)].sort((a, b) => b[1] - a[1])[0]!;
    const ofEpisode = plays.filter((p) => p.episodeId === id);
    const pages = await walkPages(url(), EPISODE_PLAYS, { id }, (data) => data.episode.plays, 100);
    expect(pages.length).toBeGreaterThan(2);
    expect(checkWalk(pages, (node: { id: string }) => node.id)).toEqual(expectedOrder(ofEpisode, (p) => p.occurredAt, 'DESC'));
  });

  it('walks the chart (ranks 1 to 100) and listener engagement in pages', async () => {
    const chart = await walkPages(url(), CHART, {}, (data) => data.topCharts, 30);
    expect(chart).toHaveLength(4);
    expect(checkWalk(chart, (node: { rank: number }) => String(node.rank))).toEqual(Array.from({ length: 100 }, (_, i) => String(i + 1)));

    const engagement = await walkPages(url(), ENGAGEMENT, {}, (data) => data.listenerEngagement, 50);
    const ids = checkWalk(engagement, (node: { listener: { id: string } }) => node.listener.id);
    expect(ids).toHaveLength(mesh.domains.insights.store.engagement.size);
  });

  it('after the last item there is an empty page with nothing next', async () => {
    const all = await ask(url(), LISTENERS, { country: 'FR', first: 500 });
    const last = all.listeners.pageInfo.endCursor;
    const after = await ask(url(), LISTENERS, { country: 'FR', first: 10, after: last });
    expect(after.listeners.edges).toEqual([]);
    expect(after.listeners.totalCount).toBe(all.listeners.totalCount);
    expect(after.listeners.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('first: 0 gives no edges but the totalCount', async () => {
    const data = await ask(url(), LISTENERS, { country: 'US', first: 0 });
    expect(data.listeners).toEqual({
      totalCount: mesh.domains.listeners.store.all.filter((l) => l.country === 'US').length,
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
    });
  });

  it('first up to 500 is served; 501 or a negative number is refused with a message saying the limit', async () => {
    const max = await ask(url(), PLAYS, { first: 500 });
    expect(max.plays.edges).toHaveLength(500);
    for (const first of [501, 10_000, -1]) {
      const body = await askRefused(url(), PLAYS, { first });
      expect(body.data?.plays ?? null).toBeNull();
      expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.message).toBe(`"first" must be a whole number from 0 to 500, but is ${first}. Page through larger lists with "after".`);
    }
  });

  it('a cursor of one orderBy used with another is BAD_USER_INPUT that says so', async () => {
    const byDate = await ask(url(), LISTENERS, { first: 3 });
    const cursor = byDate.listeners.pageInfo.endCursor;
    for (const orderBy of [{ field: 'DISPLAY_NAME', direction: 'ASC' }, { field: 'REGISTERED_AT', direction: 'ASC' }]) {
      const body = await askRefused(url(), LISTENERS, { first: 3, after: cursor, orderBy });
      expect(body.data?.listeners ?? null).toBeNull();
      const [error] = body.errors!;
      expect(error!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error!.message).toContain('"REGISTERED_AT:DESC"');
      expect(error!.message).toContain(`"${orderBy.field}:${orderBy.direction}"`);
      expect(error!.message).toContain('Page with the same list and orderBy');
    }
    // The same cursor with its own ordering still works.
    const next = await ask(url(), LISTENERS, { first: 3, after: cursor, orderBy: { field: 'REGISTERED_AT', direction: 'DESC' } });
    expect(next.listeners.edges).toHaveLength(3);
  });

  it('a garbage cursor is BAD_USER_INPUT, whatever it decodes to', async () => {
    const garbage = ['not-a-cursor', '!!!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[{}]').toString('base64url')];
    for (const after of garbage) {
      const body = await askRefused(url(), PLAYS, { first: 5, after });
      expect(body.data?.plays ?? null, after).toBeNull();
      expect(body.errors![0]!.extensions?.code, after).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.message, after).toContain('is not a cursor of this list');
    }
  });

  it('a cursor naming the right ordering but with a key that does not fit it is BAD_USER_INPUT too', async () => {
    const forged = [['REGISTERED_AT:DESC'], ['REGISTERED_AT:DESC', 5], ['REGISTERED_AT:DESC', 'l-1']];
    for (const parts of forged) {
      const body = await askRefused(url(), LISTENERS, { first: 5, after: Buffer.from(JSON.stringify(parts)).toString('base64url') });
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(parts)).toBe('BAD_USER_INPUT');
    }
  });

  it('a cursor of one list is refused by another list, even with an ordering of the same name', async () => {
    const orderBy = { field: 'PLAY_COUNT', direction: 'DESC' };
    const podcasts = await ask(url(), `query($orderBy: PodcastOrder) { podcasts(first: 2, orderBy: $orderBy) { pageInfo { endCursor } } }`, { orderBy });
    const body = await askRefused(url(), `query($after: String, $orderBy: EpisodeOrder) { episodes(first: 2, after: $after, orderBy: $orderBy) { totalCount } }`, {
      after: podcasts.podcasts.pageInfo.endCursor,
      orderBy,
    });
    expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0]!.message).toContain('is a cursor of the list "podcasts" ordered by "PLAY_COUNT:DESC", but this is the list "episodes"');
  });

  it('cursors are stable: the same item has the same cursor in two requests and in pages of any size', async () => {
    const once = await ask(url(), PLAYS, { first: 40 });
    const twice = await ask(url(), PLAYS, { first: 40 });
    const cursors = (data: any) => data.plays.edges.map((e: { cursor: string; node: { id: string } }) => [e.node.id, e.cursor]);
    expect(cursors(twice)).toEqual(cursors(once));
    const firstHalf = await ask(url(), PLAYS, { first: 20 });
    const secondHalf = await ask(url(), PLAYS, { first: 20, after: firstHalf.plays.pageInfo.endCursor });
    expect([...cursors(firstHalf), ...cursors(secondHalf)]).toEqual(cursors(once));
    // A cursor taken from the middle of a page continues right after that item.
    const middle = once.plays.edges[9];
    const rest = await ask(url(), PLAYS, { first: 5, after: middle.cursor });
    expect(cursors(rest)).toEqual(cursors(once).slice(10, 15));
  });
});
