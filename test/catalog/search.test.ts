import { describe, expect, it } from 'vitest';
import { searchDataProducts, searchWords, stem, type DataProductSearch } from '../../gateway/catalog/searchDataProducts.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { buildDomainSchema } from '../../subgraphs/kit/buildDomainSchema.ts';
import { validateDataProducts } from '../../subgraphs/kit/validateDataProducts.ts';
import { createTestDomains } from '../support/mesh.ts';

/** The descriptors the demo mesh serves, built as `createSubgraphServer` builds them (no event log needed). */
const CATALOG: readonly DataProductDescriptor[] = Object.values(createTestDomains()).flatMap((domain) =>
  validateDataProducts(domain, domain.dataProducts, buildDomainSchema(domain).schema),
);

/** The names of the products found, best first. */
const found = (query: DataProductSearch) => searchDataProducts(CATALOG, query).map((m) => m.descriptor.name);
/** The names an analyst's question finds, best first. */
const ask = (search: string) => found({ search });
/** Where `name` ranks for `search` (0 is first); fails when it is not found at all. */
const rankOf = (search: string, name: string) => {
  const rank = ask(search).indexOf(name);
  expect(rank, `"${name}" should be found for "${search}"`).toBeGreaterThanOrEqual(0);
  return rank;
};
const match = (search: string, name: string) => searchDataProducts(CATALOG, { search }).find((m) => m.descriptor.name === name)!;

describe('catalog search: an analyst finds the data product they mean', () => {
  it('the demo catalog has the seven products these questions are about', () => {
    expect(found({})).toEqual([
      'artist-profiles',
      'artist-royalties',
      'listener-engagement',
      'top-charts',
      'listener-profiles',
      'episode-plays',
      'podcast-catalog',
    ]);
  });

  it('"royalties" finds artist royalties first, then the artist profiles that carry royalty totals', () => {
    expect(ask('royalties').slice(0, 2)).toEqual(['artist-royalties', 'artist-profiles']);
  });

  it('"plays" finds episode plays first, above the products that only count plays', () => {
    const ranked = ask('plays');
    expect(ranked[0]).toBe('episode-plays');
    expect(ranked.indexOf('top-charts')).toBeGreaterThan(0);
    expect(ranked.indexOf('artist-royalties')).toBeGreaterThan(0);
  });

  it('"how much did artists earn" finds artist royalties first, above artist profiles', () => {
    expect(ask('how much did artists earn').slice(0, 2)).toEqual(['artist-royalties', 'artist-profiles']);
  });

  it('"how much money do artists make" finds artist royalties through the small synonym table (money → royalty)', () => {
    expect(ask('how much money do artists make')[0]).toBe('artist-royalties');
    expect(match('how much money do artists make', 'artist-royalties').matchedIn).toContain('name');
    // "artists" alone ties the two artist products; "paid" decides (paid → pay, payout, royalty).
    expect(ask('how much are artists paid').slice(0, 2)).toEqual(['artist-royalties', 'artist-profiles']);
  });

  it('"top episodes in a country", "charts" and "which episodes are trending" find the top charts first', () => {
    expect(ask('top episodes in a country')[0]).toBe('top-charts');
    expect(rankOf('top episodes in a country', 'episode-plays')).toBeGreaterThan(0);
    expect(ask('charts')).toEqual(['top-charts']);
    expect(ask('which episodes are trending')[0]).toBe('top-charts');
  });

  it('"show me the top charts" drops the request verb, so podcast shows do not match', () => {
    expect(ask('show me the top charts')).toEqual(['top-charts']);
    // As the first word of a longer question only; "shows" is the podcast catalog's word.
    expect(ask('podcast shows by category')[0]).toBe('podcast-catalog');
    expect(ask('shows')[0]).toBe('podcast-catalog');
  });

  it('"who listens" finds the two listener products first; "listener country" finds listener profiles first', () => {
    expect(ask('who listens').slice(0, 2).sort()).toEqual(['listener-engagement', 'listener-profiles']);
    expect(rankOf('who listens', 'listener-profiles')).toBeLessThan(rankOf('who listens', 'episode-plays'));
    expect(ask('listener country')[0]).toBe('listener-profiles');
    expect(rankOf('listener country', 'listener-engagement')).toBeGreaterThan(0);
  });

  it('"users" finds the listener products, though no descriptor says "user" (users → listeners)', () => {
    expect(ask('users').slice(0, 2).sort()).toEqual(['listener-engagement', 'listener-profiles']);
    expect(ask('users by plan')[0]).toBe('listener-profiles');
  });

  it('"dormant listeners", "engagement" and "superfans" find listener engagement first', () => {
    // listener-profiles has "listener" everywhere, but only engagement has both words.
    expect(ask('dormant listeners').slice(0, 2)).toEqual(['listener-engagement', 'listener-profiles']);
    expect(ask('engagement')[0]).toBe('listener-engagement');
    expect(ask('superfans')).toEqual(['listener-engagement']);
  });

  it('"unique listeners per episode" finds the top charts (uniqueListeners), though episode plays says "listener" and "episode" all over', () => {
    // Matching more of the words beats matching one word in many places.
    expect(ask('unique listeners per episode')[0]).toBe('top-charts');
    expect(rankOf('unique listeners per episode', 'episode-plays')).toBeGreaterThan(0);
    expect(match('unique listeners per episode', 'top-charts').matchedIn).toContain('field ChartEntry.uniqueListeners');
  });

  it('"skipped plays" finds episode plays; "genres" finds artist profiles', () => {
    expect(ask('skipped plays')[0]).toBe('episode-plays');
    expect(ask('genres')[0]).toBe('artist-profiles');
  });

  it('says where the words matched, strongest place first, down to schema fields', () => {
    expect(match('royalties', 'artist-royalties').matchedIn.slice(0, 2)).toEqual(['name', 'tags']);
    expect(match('secondsPlayed', 'episode-plays').matchedIn).toContain('field Play.secondsPlayed');
    expect(match('royalties', 'episode-plays').matchedIn).toEqual(['limitations']);
  });

  it('a word every product uses counts little: a name match on "plays" scores below a name match on "charts"', () => {
    expect(match('plays', 'episode-plays').score).toBeLessThan(match('charts', 'top-charts').score / 4);
  });

  it('a search nothing matches finds nothing', () => {
    expect(ask('xylophone')).toEqual([]);
    expect(ask('xylophone quartet')).toEqual([]);
  });

  it('the order does not depend on the order of the descriptors', () => {
    for (const search of ['plays', 'id', 'who listens', 'how much did artists earn']) {
      const forwards = searchDataProducts(CATALOG, { search });
      const backwards = searchDataProducts([...CATALOG].reverse(), { search });
      expect(backwards.map((m) => [m.descriptor.name, m.score])).toEqual(forwards.map((m) => [m.descriptor.name, m.score]));
    }
  });
});

describe('catalog search: filters', () => {
  it('without a search, every product that passes the filters, by domain then name, with score 0', () => {
    const all = searchDataProducts(CATALOG, {});
    expect(all).toHaveLength(CATALOG.length);
    expect(all.every((m) => m.score === 0 && m.matchedIn.length === 0)).toBe(true);
    expect(all.map((m) => m.descriptor.domain)).toEqual(['artists', 'artists', 'insights', 'insights', 'listeners', 'podcasts', 'podcasts']);
  });

  it('an empty search, blank or only stop words, lists like no search', () => {
    for (const search of ['', '   ', null, undefined, 'what is the']) expect(found({ search })).toEqual(found({}));
  });

  it('domain "artists" gives only the artists\' products', () => {
    expect(found({ domain: 'artists' })).toEqual(['artist-profiles', 'artist-royalties']);
    expect(found({ domain: 'Artists' })).toEqual([]);
  });

  it('kind AGGREGATE gives artist royalties', () => {
    expect(found({ kind: 'AGGREGATE' })).toEqual(['artist-royalties']);
  });

  it('a tag matches whatever its case', () => {
    expect(found({ tag: 'PII' })).toEqual(['listener-profiles']);
    expect(found({ tag: 'plays' })).toEqual(['artist-royalties', 'listener-engagement', 'top-charts', 'episode-plays']);
    expect(found({ tag: 'play' })).toEqual([]);
  });

  it('filters combine with each other and with the search (AND)', () => {
    expect(found({ domain: 'artists', kind: 'SOURCE_ALIGNED' })).toEqual(['artist-profiles']);
    expect(found({ domain: 'insights', search: 'plays' })).toEqual(['listener-engagement', 'top-charts']);
    expect(found({ domain: 'podcasts', search: 'royalties' })).toEqual(['episode-plays']);
    expect(found({ tag: 'pii', search: 'charts' })).toEqual([]);
  });

  it('a filter does not change scores: rarity is measured over the whole catalog', () => {
    const filtered = searchDataProducts(CATALOG, { search: 'plays', domain: 'insights' });
    const unfiltered = searchDataProducts(CATALOG, { search: 'plays' });
    for (const m of filtered) expect(m.score).toBe(unfiltered.find((u) => u.descriptor === m.descriptor)!.score);
  });
});

describe('catalog search: words', () => {
  it.each([
    ['plays', 'played', 'playing', 'play', 'player'],
    ['royalties', 'royalty'],
    ['listeners', 'listened', 'listening', 'listens', 'listener', 'listen'],
    ['charts', 'chart', 'charted'],
    ['episodes', 'episode'],
    ['earnings', 'earned', 'earns', 'earn'],
    ['skipped', 'skips', 'skip'],
    ['countries', 'country'],
    ['genres', 'genre'],
    ['completed', 'complete', 'completes'],
    ['matches', 'match'],
  ])('"%s" meets its inflections', (...words) => {
    expect(new Set(words.map(stem)).size).toBe(1);
  });

  it('leaves alone what is not an inflection', () => {
    for (const word of ['status', 'process', 'analysis', 'string', 'user', 'owner', 'need', 'v1', 'iso']) expect(stem(word)).toBe(word);
    expect(stem('plan')).not.toBe(stem('play'));
    expect(stem('installed')).toBe('install');
  });

  it('splits camelCase, kebab-case and punctuation, and drops stop words', () => {
    expect(searchWords('secondsPlayed')).toEqual(['second', 'play']);
    expect(searchWords('episode-plays')).toEqual([stem('episode'), 'play']);
    expect(searchWords('How many plays per country?')).toEqual(['play', 'country']);
    expect(searchWords('ISO 3166-1 alpha-2')).toEqual(['iso', '3166', 'alpha']);
    expect(searchWords("the artist's HTTPStatus")).toEqual(['artist', 'http', 'status']);
  });
});
