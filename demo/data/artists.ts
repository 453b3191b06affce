/**
 * Artists: solo acts and bands who joined the platform over the years.
 */
import type { ArtistRecord } from '../../subgraphs/artists/index.ts';
import { pickCountry, type CountryProfile } from './countries.ts';
import { pickPersonName } from './names.ts';
import { createRandom, type Random } from './random.ts';
import { resolveOptions, type DemoDataOptions } from './sizes.ts';
import { HORIZON_MS, pastInstant, recordingDelayMs, toIso, utcMs } from './time.ts';
import { BAND_ADJECTIVES, BAND_NOUNS, BAND_PLURALS, GENRES } from './words.ts';

const JOINED_SINCE_MS = utcMs(2015, 1, 1);
const EARLIEST_DEBUT_YEAR = 1960;
// Retries before accepting a duplicate name: real catalogues have a few too.
const NAME_ATTEMPTS = 8;

interface ArtistDraft {
  name: string;
  country: string;
  genres: string[];
  debutYear: number;
  joinedMs: number;
  delayMs: number;
}

function bandName(random: Random, country: CountryProfile): string {
  const style = random.next();
  if (style < 0.4) return `The ${random.pick(BAND_ADJECTIVES)} ${random.pick(BAND_PLURALS)}`;
  if (style < 0.75) return `${random.pick(BAND_ADJECTIVES)} ${random.pick(BAND_NOUNS)}`;
  return `${pickPersonName(random, country.names).first} & the ${random.pick(BAND_PLURALS)}`;
}

function soloName(random: Random, country: CountryProfile): string {
  const person = pickPersonName(random, country.names);
  // Some solo acts go by their first name alone.
  return random.chance(0.1) ? person.first : `${person.first} ${person.last}`;
}

function pickGenres(random: Random, country: CountryProfile): string[] {
  const roll = random.next();
  const count = roll < 0.5 ? 1 : roll < 0.85 ? 2 : 3;
  const genres: string[] = [];
  if (country.localGenres.length > 0 && random.chance(0.35)) genres.push(random.pick(country.localGenres));
  while (genres.length < count) {
    const genre = random.pick(GENRES);
    if (!genres.includes(genre)) genres.push(genre);
  }
  return genres;
}

function draftArtist(random: Random, usedNames: Set<string>): ArtistDraft {
  const country = pickCountry(random);
  const solo = random.chance(0.55);
  let name = '';
  for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
    name = solo ? soloName(random, country) : bandName(random, country);
    if (!usedNames.has(name)) break;
  }
  usedNames.add(name);
  const joinedMs = pastInstant(random, JOINED_SINCE_MS, HORIZON_MS, 1.5);
  const joinedYear = new Date(joinedMs).getUTCFullYear();
  // Most artists join within a few years of their debut; some bring a long back catalogue.
  const debutYear = Math.max(EARLIEST_DEBUT_YEAR, joinedYear - Math.floor(random.exponential(7)));
  return {
    name,
    country: country.code,
    genres: pickGenres(random, country),
    debutYear,
    joinedMs,
    delayMs: recordingDelayMs(random),
  };
}

/**
 * Generates the artists of the world (`a-1` … `a-N`), sorted by the instant
 * they joined the platform. Deterministic for given options.
 */
export function generateArtists(options?: DemoDataOptions): ArtistRecord[] {
  const { seed, sizes } = resolveOptions(options);
  const random = createRandom(`${seed}:artists`);
  const usedNames = new Set<string>();
  const drafts: ArtistDraft[] = [];
  for (let i = 0; i < sizes.artists; i++) drafts.push(draftArtist(random, usedNames));
  drafts.sort((left, right) => left.joinedMs - right.joinedMs);
  return drafts.map((draft, index) => ({
    id: `a-${index + 1}`,
    name: draft.name,
    country: draft.country,
    genres: draft.genres,
    debutYear: draft.debutYear,
    occurredAt: toIso(draft.joinedMs),
    recordedAt: toIso(draft.joinedMs + draft.delayMs),
  }));
}
