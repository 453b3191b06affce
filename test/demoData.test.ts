import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createRandom,
  DEMO_EPOCH,
  demoSizes,
  DEVICES,
  generateArtists,
  generateEpisodes,
  generateListeners,
  generatePlays,
  generatePodcasts,
  type DemoDataOptions,
} from '../demo/data/index.ts';
import { COUNTRIES, COUNTRY_CODES } from '../demo/data/countries.ts';
import { stableOrderByKey } from '../demo/data/sort.ts';
import { toIso } from '../demo/data/time.ts';
import { GENRES } from '../demo/data/words.ts';

const SMALL: DemoDataOptions = { scale: 0.02 };
const EPOCH_MS = Date.parse(DEMO_EPOCH);
const DAY_MS = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function generateWorld(options: DemoDataOptions) {
  return {
    artists: generateArtists(options),
    listeners: generateListeners(options),
    podcasts: generatePodcasts(options),
    episodes: generateEpisodes(options),
    plays: generatePlays(options),
  };
}

// Generated once: every generator is pure, so the tests may share the world.
const world = generateWorld(SMALL);

function byId<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((record) => [record.id, record]));
}

function lookup<T>(map: Map<string, T>, id: string): T {
  const found = map.get(id);
  if (found === undefined) throw new Error(`unknown id ${id}`);
  return found;
}

/** Deep equality that reports only the first differing record: diffing whole worlds takes vitest ages. */
function expectSameWorld(actual: object, expected: object): void {
  for (const [name, records] of Object.entries(expected) as [string, unknown[]][]) {
    const other = (actual as Record<string, unknown[]>)[name] ?? [];
    expect(other.length, name).toBe(records.length);
    const index = records.findIndex((record, position) => !isDeepStrictEqual(other[position], record));
    if (index !== -1) expect(other[index], `${name}[${index}]`).toEqual(records[index]);
  }
}

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe('demoSizes', () => {
  it('gives the base sizes at scale 1 and scales every size', () => {
    expect(demoSizes(1)).toEqual({ artists: 2_000, listeners: 30_000, podcasts: 3_000, episodes: 40_000, plays: 300_000 });
    expect(demoSizes(10)).toEqual({ artists: 20_000, listeners: 300_000, podcasts: 30_000, episodes: 400_000, plays: 3_000_000 });
    expect(demoSizes(0.02)).toEqual({ artists: 40, listeners: 600, podcasts: 60, episodes: 800, plays: 6_000 });
    expect(demoSizes(1e-9)).toEqual({ artists: 1, listeners: 1, podcasts: 1, episodes: 1, plays: 1 });
  });

  it('rejects a scale that is not a finite number > 0', () => {
    for (const scale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '2' as unknown as number]) {
      expect(() => demoSizes(scale)).toThrow(RangeError);
      expect(() => demoSizes(scale)).toThrow(/scale must be a finite number greater than 0/);
    }
    expect(() => generateArtists({ scale: 0 })).toThrow(RangeError);
    expect(() => generatePlays({ scale: -2 })).toThrow(RangeError);
  });

  it('is what the generators produce', () => {
    const sizes = demoSizes(0.02);
    expect(world.artists).toHaveLength(sizes.artists);
    expect(world.listeners).toHaveLength(sizes.listeners);
    expect(world.podcasts).toHaveLength(sizes.podcasts);
    expect(world.episodes).toHaveLength(sizes.episodes);
    expect(world.plays).toHaveLength(sizes.plays);
    expect(generateListeners({ scale: 0.04 })).toHaveLength(demoSizes(0.04).listeners);
  });
});

describe('createRandom', () => {
  it('repeats a sequence for a seed and differs across seeds', () => {
    const draw = (seed: string) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw('x')).toEqual(draw('x'));
    expect(draw('x')).not.toEqual(draw('y'));
    expect(draw('x').every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('draws ints within inclusive bounds, picks from the list and honours chance', () => {
    const random = createRandom('helpers');
    const ints = Array.from({ length: 2_000 }, () => random.int(3, 6));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]));
    const picks = new Set(Array.from({ length: 200 }, () => random.pick(['a', 'b', 'c'])));
    expect(picks).toEqual(new Set(['a', 'b', 'c']));
    expect(() => random.pick([])).toThrow(RangeError);
    const hits = Array.from({ length: 10_000 }, () => random.chance(0.3)).filter(Boolean).length;
    expect(hits / 10_000).toBeGreaterThan(0.27);
    expect(hits / 10_000).toBeLessThan(0.33);
  });
});

describe('determinism', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('gives the same world for the same options', () => {
    expectSameWorld(generateWorld(SMALL), world);
    expectSameWorld({ artists: generateArtists() }, { artists: generateArtists({ seed: 'meshgraph', scale: 1 }) });
  });

  it('gives another world for another seed', () => {
    const other = generateWorld({ ...SMALL, seed: 'another seed' });
    expect(other.artists).not.toEqual(world.artists);
    expect(other.listeners).not.toEqual(world.listeners);
    expect(other.podcasts).not.toEqual(world.podcasts);
    expect(other.episodes).not.toEqual(world.episodes);
    expect(other.plays).not.toEqual(world.plays);
  });

  it('depends on neither Math.random nor the clock', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random must not be used');
    });
    vi.useFakeTimers({ now: new Date('2031-03-03T03:03:03.000Z') });
    expectSameWorld({ plays: generatePlays(SMALL), listeners: generateListeners(SMALL) }, { plays: world.plays, listeners: world.listeners });
  });

  it('formats timestamps exactly like Date#toISOString', () => {
    const random = createRandom('iso');
    for (let i = 0; i < 5_000; i++) {
      const ms = Math.floor(random.float(Date.UTC(1970, 0, 1), Date.UTC(2100, 0, 1)));
      expect(toIso(ms)).toBe(new Date(ms).toISOString());
    }
    expect(toIso(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29T23:59:59.999Z');
  });
});

describe('referential integrity', () => {
  const artists = byId(world.artists);
  const listeners = byId(world.listeners);
  const podcasts = byId(world.podcasts);
  const episodes = byId(world.episodes);

  it('assigns ids x-1 … x-n in order', () => {
    const expectIds = (records: readonly { id: string }[], prefix: string) =>
      expect(records.map((record) => record.id)).toEqual(records.map((_, index) => `${prefix}-${index + 1}`));
    expectIds(world.artists, 'a');
    expectIds(world.listeners, 'l');
    expectIds(world.podcasts, 'p');
    expectIds(world.episodes, 'e');
    expectIds(world.plays, 'play');
  });

  it('links podcasts to artists and episodes to podcasts, numbered in release order', () => {
    for (const podcast of world.podcasts) expect(artists.has(podcast.hostArtistId)).toBe(true);
    const numbers = new Map<string, number[]>();
    for (const episode of world.episodes) {
      expect(podcasts.has(episode.podcastId)).toBe(true);
      numbers.set(episode.podcastId, [...(numbers.get(episode.podcastId) ?? []), episode.number]);
    }
    expect(numbers.size).toBe(world.podcasts.length);
    for (const list of numbers.values()) expect(list).toEqual(list.map((_, index) => index + 1));
  });

  it('links every play to a listener and an episode, with the podcast and host of that episode', () => {
    for (const play of world.plays) {
      expect(listeners.has(play.listenerId)).toBe(true);
      const episode = lookup(episodes, play.episodeId);
      const podcast = lookup(podcasts, episode.podcastId);
      expect(play.podcastId).toBe(podcast.id);
      expect(play.hostArtistId).toBe(podcast.hostArtistId);
    }
  });
});

describe('time rules', () => {
  const all = [world.artists, world.listeners, world.podcasts, world.episodes, world.plays];

  it('sorts every generator by occurredAt and records after it, before DEMO_EPOCH', () => {
    for (const records of all) {
      let previous = '';
      for (const record of records) {
        expect(record.occurredAt).toMatch(ISO);
        expect(record.recordedAt).toMatch(ISO);
        expect(record.occurredAt >= previous).toBe(true);
        expect(record.recordedAt >= record.occurredAt).toBe(true);
        expect(record.recordedAt < DEMO_EPOCH).toBe(true);
        previous = record.occurredAt;
      }
    }
  });

  it('records mostly within 2 s and a few percent minutes late', () => {
    const delays = world.plays.map((play) => Date.parse(play.recordedAt) - Date.parse(play.occurredAt));
    expect(share(delays, (delay) => delay < 2_000)).toBeGreaterThan(0.9);
    const late = share(delays, (delay) => delay >= 60_000);
    expect(late).toBeGreaterThan(0.01);
    expect(late).toBeLessThan(0.1);
  });

  it('plays in the last 180 days, never before the release, the registration or the launch', () => {
    const listeners = byId(world.listeners);
    const episodes = byId(world.episodes);
    const podcasts = byId(world.podcasts);
    const artists = byId(world.artists);
    const windowStart = new Date(EPOCH_MS - 180 * DAY_MS).toISOString();
    for (const play of world.plays) {
      expect(play.occurredAt >= windowStart).toBe(true);
      expect(play.occurredAt >= lookup(episodes, play.episodeId).occurredAt).toBe(true);
      expect(play.occurredAt >= lookup(listeners, play.listenerId).occurredAt).toBe(true);
    }
    for (const episode of world.episodes) expect(episode.occurredAt >= lookup(podcasts, episode.podcastId).occurredAt).toBe(true);
    for (const podcast of world.podcasts) expect(podcast.occurredAt >= lookup(artists, podcast.hostArtistId).occurredAt).toBe(true);
    // The window is used, not just its end.
    expect(world.plays[0]?.occurredAt.slice(0, 7)).toBe(windowStart.slice(0, 7));
  });
});

describe('skew', () => {
  it('gives the top 1% of episodes over 20% of plays, spread across podcasts, and skews listeners', () => {
    const options = { scale: 0.1 };
    const plays = generatePlays(options);
    const episodes = generateEpisodes(options);
    const perEpisode = [...countBy(plays, (play) => play.episodeId)].sort((left, right) => right[1] - left[1]);
    const top = perEpisode.slice(0, Math.floor(episodes.length / 100));
    expect(top.reduce((sum, [, count]) => sum + count, 0) / plays.length).toBeGreaterThan(0.2);
    const podcastOf = new Map(episodes.map((episode) => [episode.id, episode.podcastId]));
    expect(new Set(top.map(([id]) => podcastOf.get(id))).size).toBeGreaterThan(top.length / 4);
    const perListener = [...countBy(plays, (play) => play.listenerId).values()].sort((left, right) => right - left);
    const listeners = demoSizes(0.1).listeners;
    const heavy = perListener.slice(0, listeners / 10).reduce((sum, count) => sum + count, 0);
    expect(heavy / plays.length).toBeGreaterThan(0.25);
  });

  it('gives most podcasts few episodes and some many, between 1 and 60', () => {
    const counts = [...countBy(world.episodes, (episode) => episode.podcastId).values()].sort((left, right) => left - right);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(demoSizes(0.02).episodes);
    expect(counts[0]).toBeGreaterThanOrEqual(1);
    expect(counts[counts.length - 1]).toBeLessThanOrEqual(60);
    expect(counts[counts.length - 1]).toBeGreaterThan(30);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThanOrEqual(10);
  });
});

describe('realism', () => {
  const codes = new Set(COUNTRY_CODES);

  it('uses ISO country codes from the list, with cities of that country', () => {
    expect(codes.size).toBe(20);
    for (const records of [world.artists, world.listeners, world.podcasts, world.plays]) {
      for (const record of records) expect(codes.has(record.country)).toBe(true);
    }
    const cities = new Map(COUNTRIES.map((country) => [country.code, country.cities]));
    for (const listener of world.listeners) expect(cities.get(listener.country)).toContain(listener.city);
    // Weighted: the US is the largest audience.
    const perCountry = countBy(world.listeners, (listener) => listener.country);
    expect(Math.max(...perCountry.values())).toBe(perCountry.get('US'));
  });

  it('gives listeners unique lowercase emails on example domains and plausible profiles', () => {
    const emails = world.listeners.map((listener) => listener.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const listener of world.listeners) {
      // Letters, then exactly the listener number: unique by construction.
      expect(listener.email).toMatch(new RegExp(`^[a-z]+[._]?[a-z]*${listener.id.slice(2)}@example\\.(com|org|net)$`));
      expect(listener.displayName).toMatch(/^\S+ \S.*$/);
      expect(listener.birthYear).toBeGreaterThanOrEqual(1950);
      expect(listener.birthYear).toBeLessThanOrEqual(2010);
      expect(DEVICES).toContain(listener.preferredDevice);
    }
    const premium = share(world.listeners, (listener) => listener.plan === 'PREMIUM');
    expect(premium).toBeGreaterThan(0.2);
    expect(premium).toBeLessThan(0.4);
  });

  it('gives artists 1–3 distinct genres and a debut year before joining', () => {
    const known = new Set([...GENRES, ...COUNTRIES.flatMap((country) => country.localGenres)]);
    for (const artist of world.artists) {
      expect(artist.genres.length).toBeGreaterThanOrEqual(1);
      expect(artist.genres.length).toBeLessThanOrEqual(3);
      expect(new Set(artist.genres).size).toBe(artist.genres.length);
      for (const genre of artist.genres) expect(known.has(genre)).toBe(true);
      expect(artist.debutYear).toBeLessThanOrEqual(Number(artist.occurredAt.slice(0, 4)));
    }
  });

  it('titles podcasts and episodes from word lists, with durations of 5–120 minutes', () => {
    const languages = new Set(COUNTRIES.flatMap((country) => country.languages));
    for (const podcast of world.podcasts) {
      expect(podcast.title.length).toBeGreaterThan(5);
      expect(podcast.description).toMatch(/^[A-Z][^.]*\.$/);
      expect(languages.has(podcast.language)).toBe(true);
    }
    for (const episode of world.episodes) {
      expect(episode.title).toMatch(new RegExp(`^Ep\\. ${episode.number}: [A-Z0-9]`));
      expect(Number.isInteger(episode.durationSeconds)).toBe(true);
      expect(episode.durationSeconds).toBeGreaterThanOrEqual(5 * 60);
      expect(episode.durationSeconds).toBeLessThanOrEqual(120 * 60);
    }
  });

  it('plays between 1 s and the whole episode, with skips and full listens', () => {
    const episodes = byId(world.episodes);
    let full = 0;
    for (const play of world.plays) {
      const duration = lookup(episodes, play.episodeId).durationSeconds;
      expect(Number.isInteger(play.secondsPlayed)).toBe(true);
      expect(play.secondsPlayed).toBeGreaterThanOrEqual(1);
      expect(play.secondsPlayed).toBeLessThanOrEqual(duration);
      if (play.secondsPlayed === duration) full++;
    }
    expect(share(world.plays, (play) => play.secondsPlayed < 30)).toBeGreaterThan(0.1);
    expect(full / world.plays.length).toBeGreaterThan(0.2);
  });

  it("plays mostly in the listener's country and on the preferred device", () => {
    const listeners = byId(world.listeners);
    const home = share(world.plays, (play) => lookup(listeners, play.listenerId).country === play.country);
    const preferred = share(world.plays, (play) => lookup(listeners, play.listenerId).preferredDevice === play.device);
    expect(home).toBeGreaterThan(0.85);
    expect(home).toBeLessThan(0.95);
    expect(preferred).toBeGreaterThan(0.63);
    expect(preferred).toBeLessThan(0.77);
  });
});

describe('stableOrderByKey', () => {
  it('orders by key, keeps ties in index order and handles wide spans', () => {
    const keys = Float64Array.from([5, 1, 5, 0, 1e15, 3, 1, -7]);
    expect([...stableOrderByKey(keys)]).toEqual([7, 3, 1, 6, 5, 0, 2, 4]);
    expect([...stableOrderByKey(new Float64Array(0))]).toEqual([]);
    expect(() => stableOrderByKey(Float64Array.from([1.5, 2]))).toThrow(RangeError);
  });
});
