import { beforeAll, describe, expect, it } from 'vitest';
import { generatePlays } from '../../demo/data/index.ts';
import type { ArtistRecord } from '../../subgraphs/artists/index.ts';
import type { PlayRecord } from '../../subgraphs/podcasts/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, TEST_DATA, type TestMesh } from '../support/mesh.ts';
import { allNodes, ask, expectedOrder } from './analyst.ts';

const ARTISTS = /* GraphQL */ `
  query Artists($first: Int, $after: String, $country: String, $genre: String, $orderBy: ArtistOrder) {
    artists(first: $first, after: $after, country: $country, genre: $genre, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id name country genres debutYear occurredAt royalties { plays payablePlays secondsPlayed amount currency ratePerPlay occurredAt } } }
    }
  }
`;

const LEADERBOARD = /* GraphQL */ `
  query Leaderboard($first: Int, $after: String, $country: String, $orderBy: RoyaltyOrder) {
    royaltyLeaderboard(first: $first, after: $after, country: $country, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id name country royalties { plays payablePlays amount } } }
    }
  }
`;

interface Recount {
  plays: number;
  payablePlays: number;
  secondsPlayed: number;
  amount: number;
  occurredAt: string | null;
}

/** Royalties recounted from the plays: a play of 30 s or more pays 0.004 USD; amounts rounded to cents. */
function recount(plays: readonly PlayRecord[], keyOf: (p: PlayRecord) => string): Map<string, Recount> {
  const totals = new Map<string, Recount>();
  for (const play of plays) {
    const key = keyOf(play);
    const total = totals.get(key) ?? { plays: 0, payablePlays: 0, secondsPlayed: 0, amount: 0, occurredAt: null };
    total.plays++;
    total.secondsPlayed += play.secondsPlayed;
    if (play.secondsPlayed >= 30) total.payablePlays++;
    if (!total.occurredAt || play.occurredAt > total.occurredAt) total.occurredAt = play.occurredAt;
    totals.set(key, total);
  }
  // payable × 0.004 USD = payable × 0.4 cents; payable × 4 is even, so rounding never meets a half cent.
  for (const total of totals.values()) total.amount = Math.round((total.payablePlays * 4) / 10) / 100;
  return totals;
}

const NONE: Recount = { plays: 0, payablePlays: 0, secondsPlayed: 0, amount: 0, occurredAt: null };

describe('artists: an analyst looks at artists and what their shows earn', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh<'listeners' | 'podcasts' | 'artists'>;
  let artists: readonly ArtistRecord[];
  let plays: PlayRecord[];
  let byHost: Map<string, Recount>;
  let byShow: Map<string, Recount>;
  beforeAll(async () => {
    // Artists; podcasts for the plays that royalties count and the shows they sit beside; listeners, who own the Listener podcasts refers to; no insights.
    mesh = leftovers.track(await startMesh({ only: ['listeners', 'podcasts', 'artists'] }));
    artists = mesh.domains.artists.store.artists;
    plays = generatePlays(TEST_DATA);
    byHost = recount(plays, (p) => p.hostArtistId);
    byShow = recount(plays, (p) => p.podcastId);
  });
  const royaltiesOf = (id: string) => byHost.get(id) ?? NONE;

  it.each<[string, { country?: string; genre?: string }]>([
    ['every artist', {}],
    ['artists from Brazil', { country: 'BR' }],
    ['Jazz artists', { genre: 'Jazz' }],
    ['Pop artists from the US', { country: 'US', genre: 'Pop' }],
  ])('artists: %s, A to Z, counted as in the store', async (_story, filter) => {
    const expected = artists.filter((a) => (!filter.country || a.country === filter.country) && (!filter.genre || a.genres.includes(filter.genre)));
    const data = await ask(mesh.gateway.url, ARTISTS, { ...filter, first: 500 });
    expect(data.artists.totalCount).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    const nodes = data.artists.edges.map((e: { node: any }) => e.node);
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(expectedOrder(expected, (a) => a.name, 'ASC'));
    for (const node of nodes) {
      const record = mesh.domains.artists.store.byId.get(node.id)!;
      expect([node.name, node.country, node.genres, node.debutYear]).toEqual([record.name, record.country, record.genres, record.debutYear]);
    }
  });

  it.each([
    ['NAME', 'DESC', (a: ArtistRecord) => a.name],
    ['JOINED_AT', 'ASC', (a: ArtistRecord) => a.occurredAt],
    ['JOINED_AT', 'DESC', (a: ArtistRecord) => a.occurredAt],
    ['DEBUT_YEAR', 'ASC', (a: ArtistRecord) => a.debutYear],
    ['DEBUT_YEAR', 'DESC', (a: ArtistRecord) => a.debutYear],
  ] as const)('artists ordered by %s %s', async (field, direction, key) => {
    const nodes = await allNodes(mesh.gateway.url, ARTISTS, { orderBy: { field, direction } }, (data) => data.artists);
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(artists, key, direction));
  });

  it('Artist.royalties of every artist equals a recount of the plays of the shows they host', async () => {
    const nodes = await allNodes(mesh.gateway.url, ARTISTS, {}, (data) => data.artists);
    expect(nodes).toHaveLength(artists.length);
    let hosts = 0;
    for (const node of nodes) {
      const expected = royaltiesOf(node.id);
      if (expected.plays > 0) hosts++;
      expect(node.royalties, node.id).toEqual({ ...expected, currency: 'USD', ratePerPlay: 0.004 });
    }
    expect(hosts).toBeGreaterThan(5);
    // Every play counts for exactly one host.
    expect(nodes.reduce((sum, n) => sum + n.royalties.plays, 0)).toBe(plays.length);
  });

  it('royaltyLeaderboard ranks artists by amount, highest first, with the recounted amounts', async () => {
    const nodes = await allNodes(mesh.gateway.url, LEADERBOARD, {}, (data) => data.royaltyLeaderboard);
    expect(nodes).toHaveLength(artists.length);
    const amounts = nodes.map((n) => n.royalties.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(amounts[0]).toBeGreaterThan(0);
    for (const node of nodes) expect(node.royalties.amount, node.id).toBe(royaltiesOf(node.id).amount);
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(artists, (a) => royaltiesOf(a.id).payablePlays, 'DESC'));
  });

  it('royaltyLeaderboard by plays, fewest first, and for one country', async () => {
    const byPlays = await allNodes(mesh.gateway.url, LEADERBOARD, { orderBy: { field: 'PLAYS', direction: 'ASC' } }, (d) => d.royaltyLeaderboard);
    expect(byPlays.map((n) => n.id)).toEqual(expectedOrder(artists, (a) => royaltiesOf(a.id).plays, 'ASC'));
    for (const node of byPlays) expect(node.royalties.plays).toBe(royaltiesOf(node.id).plays);

    const brazil = await allNodes(mesh.gateway.url, LEADERBOARD, { country: 'BR' }, (d) => d.royaltyLeaderboard);
    expect(brazil.map((n) => n.id)).toEqual(expectedOrder(artists.filter((a) => a.country === 'BR'), (a) => royaltiesOf(a.id).payablePlays, 'DESC'));
  });

  it('Podcast.royalties (artists) sits next to the title (podcasts) on one Podcast, and equals a recount per show', async () => {
    const shows = mesh.domains.podcasts.store.podcasts;
    const data = await ask(
      mesh.gateway.url,
      `query { podcasts(first: 500) { edges { node { id title host { id } royalties { plays payablePlays secondsPlayed amount currency occurredAt } } } } }`,
    );
    const nodes = data.podcasts.edges.map((e: { node: any }) => e.node);
    expect(nodes).toHaveLength(shows.length);
    const perHost = new Map<string, number>();
    for (const node of nodes) {
      expect(node.title).toBe(mesh.domains.podcasts.store.podcastById.get(node.id)!.title);
      expect(node.royalties, node.id).toEqual({ ...(byShow.get(node.id) ?? NONE), currency: 'USD' });
      perHost.set(node.host.id, (perHost.get(node.host.id) ?? 0) + node.royalties.payablePlays);
    }
    // A host's payable plays are those of their shows.
    for (const [hostId, payable] of perHost) expect(payable, hostId).toBe(royaltiesOf(hostId).payablePlays);
  });

  it('podcast(id) { title royalties { amount } } for the best-earning show and for one without plays', async () => {
    const best = [...byShow].sort((a, b) => b[1].payablePlays - a[1].payablePlays)[0]!;
    const data = await ask(
      mesh.gateway.url,
      `query($id: ID!) { podcast(id: $id) { title royalties { amount plays } } }`,
      { id: best[0] },
    );
    expect(data.podcast).toEqual({
      title: mesh.domains.podcasts.store.podcastById.get(best[0])!.title,
      royalties: { amount: best[1].amount, plays: best[1].plays },
    });
    expect(data.podcast.royalties.amount).toBeGreaterThan(0);

    const silent = mesh.domains.podcasts.store.podcasts.find((p) => !byShow.has(p.id));
    if (silent) {
      const quiet = await ask(mesh.gateway.url, `query($id: ID!) { podcast(id: $id) { title royalties { amount plays occurredAt } } }`, { id: silent.id });
      expect(quiet.podcast).toEqual({ title: silent.title, royalties: { amount: 0, plays: 0, occurredAt: null } });
    }
  });

  it('artist(id) answers the profile, and null for an unknown id', async () => {
    const record = artists[3]!;
    const data = await ask(
      mesh.gateway.url,
      `query($id: ID!) { artist(id: $id) { id urn name country genres debutYear occurredAt recordedAt } missing: artist(id: "a-nobody") { id } }`,
      { id: record.id },
    );
    expect(data.artist).toEqual({ ...record, urn: `urn:meshgraph:artist:${record.id}` });
    expect(data.missing).toBeNull();
  });
});
