/**
 * Podcasts: shows hosted by artists, launched over the years.
 */
import { partitionPoint } from '../../common/index.ts';
import type { ArtistRecord } from '../../subgraphs/artists/index.ts';
import type { PodcastRecord } from '../../subgraphs/podcasts/index.ts';
import { generateArtists } from './artists.ts';
import { COUNTRIES, pickCountry, pickLanguage, type CountryProfile } from './countries.ts';
import { createRandom, type Random } from './random.ts';
import { createWeightedSampler } from './sampler.ts';
import { resolveOptions, type DemoDataOptions, type ResolvedOptions } from './sizes.ts';
import { DAY_MS, HORIZON_MS, pastInstant, recordingDelayMs, toIso, utcMs } from './time.ts';
import {
  CATEGORIES,
  DESCRIPTION_FORMATS,
  DESCRIPTION_OPENERS,
  TITLE_ADJECTIVES,
  TITLE_NOUNS,
  titleCase,
  type CategoryProfile,
} from './words.ts';

const LAUNCHED_SINCE_MS = utcMs(2017, 1, 1);
// Every show has had at least a week to publish before the end of the world.
const LATEST_LAUNCH_MS = HORIZON_MS - 7 * DAY_MS;
const CATEGORY_SAMPLER = createWeightedSampler(CATEGORIES.map((category) => category.weight));
const COUNTRY_BY_CODE = new Map(COUNTRIES.map((country) => [country.code, country]));

/** A podcast before ids are given in launch order. */
type PodcastDraft = Omit<PodcastRecord, 'id' | 'occurredAt' | 'recordedAt'> & { launchedMs: number; delayMs: number };

function podcastTitle(random: Random, category: CategoryProfile, host: ArtistRecord): string {
  const noun = random.chance(0.6) ? random.pick(category.titleNouns) : random.pick(TITLE_NOUNS);
  const style = random.next();
  if (style < 0.4) return `The ${random.pick(TITLE_ADJECTIVES)} ${noun}`;
  if (style < 0.55) return `${noun} & ${random.pick(TITLE_NOUNS)}`;
  if (style < 0.7) return `${titleCase(random.pick(category.topics))} ${random.pick(['Weekly', 'Unpacked', 'Explained', 'Tonight'])}`;
  if (style < 0.85) return `${random.pick(TITLE_ADJECTIVES)} ${noun} with ${host.name}`;
  return `The ${noun} Podcast`;
}

function podcastDescription(random: Random, category: CategoryProfile, host: ArtistRecord): string {
  const topic = random.pick(category.topics);
  return `${random.pick(DESCRIPTION_OPENERS)} ${random.pick(DESCRIPTION_FORMATS)} about ${topic}, hosted by ${host.name}.`;
}

/** The number of artists who joined at or before an instant (artists are sorted by joining). */
function artistsJoinedBy(joinedMs: Float64Array, instantMs: number): number {
  return partitionPoint(0, joinedMs.length, (i) => joinedMs[i]! <= instantMs);
}

function draftPodcast(random: Random, artists: readonly ArtistRecord[], joinedMs: Float64Array): PodcastDraft {
  let launchedMs = pastInstant(random, LAUNCHED_SINCE_MS, LATEST_LAUNCH_MS, 1.6);
  const eligible = artistsJoinedBy(joinedMs, launchedMs);
  // A host must be on the platform before the show launches.
  const hostIndex = eligible > 0 ? random.int(0, eligible - 1) : 0;
  const host = artists[hostIndex] as ArtistRecord;
  const hostJoinedMs = joinedMs[hostIndex]!;
  if (launchedMs < hostJoinedMs) launchedMs = pastInstant(random, hostJoinedMs, Math.max(hostJoinedMs, LATEST_LAUNCH_MS));
  const category = CATEGORIES[CATEGORY_SAMPLER.sample(random)] as CategoryProfile;
  // Hosts mostly make shows at home; some produce for another market.
  const country: CountryProfile = random.chance(0.7) ? (COUNTRY_BY_CODE.get(host.country) ?? pickCountry(random)) : pickCountry(random);
  return {
    title: podcastTitle(random, category, host),
    description: podcastDescription(random, category, host),
    category: category.name,
    language: pickLanguage(random, country),
    country: country.code,
    hostArtistId: host.id,
    launchedMs,
    delayMs: recordingDelayMs(random),
  };
}

/** Builds the podcasts from already generated artists (sorted by joining, as generateArtists returns them). */
export function buildPodcasts(resolved: ResolvedOptions, artists: readonly ArtistRecord[]): PodcastRecord[] {
  const random = createRandom(`${resolved.seed}:podcasts`);
  const joinedMs = Float64Array.from(artists, (artist) => Date.parse(artist.occurredAt));
  const drafts: PodcastDraft[] = [];
  for (let i = 0; i < resolved.sizes.podcasts; i++) drafts.push(draftPodcast(random, artists, joinedMs));
  drafts.sort((left, right) => left.launchedMs - right.launchedMs);
  return drafts.map((draft, index) => ({
    id: `p-${index + 1}`,
    title: draft.title,
    description: draft.description,
    category: draft.category,
    language: draft.language,
    country: draft.country,
    hostArtistId: draft.hostArtistId,
    occurredAt: toIso(draft.launchedMs),
    recordedAt: toIso(draft.launchedMs + draft.delayMs),
  }));
}

/**
 * Generates the podcasts of the world (`p-1` … `p-N`), sorted by launch; each
 * is hosted by a generated artist who joined before it launched.
 */
export function generatePodcasts(options?: DemoDataOptions): PodcastRecord[] {
  const resolved = resolveOptions(options);
  return buildPodcasts(resolved, generateArtists(options));
}
