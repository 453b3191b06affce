/**
 * Episodes: released by each podcast at its own cadence, a few shows with
 * many episodes and most with few.
 */
import type { EpisodeRecord, PodcastRecord } from '../../subgraphs/podcasts/index.ts';
import { generateArtists } from './artists.ts';
import { COUNTRIES, type CountryProfile } from './countries.ts';
import { pickPersonName } from './names.ts';
import { buildPodcasts } from './podcasts.ts';
import { createRandom, type Random } from './random.ts';
import { resolveOptions, type DemoDataOptions, type ResolvedOptions } from './sizes.ts';
import { DAY_MS, HORIZON_MS, HOUR_MS, recordingDelayMs, toIso } from './time.ts';
import {
  CATEGORIES,
  HEADLINE_ADJECTIVES,
  HEADLINE_PLACES,
  HEADLINE_SUBJECTS,
  HEADLINE_VERBS,
  titleCase,
  type CategoryProfile,
} from './words.ts';

/** Most episodes a podcast has, unless the sizes demand more. */
export const MAX_EPISODES_PER_PODCAST = 60;
const MIN_DURATION_SECONDS = 5 * 60;
const MAX_DURATION_SECONDS = 120 * 60;
const CATEGORY_BY_NAME = new Map(CATEGORIES.map((category) => [category.name, category]));
const COUNTRY_BY_CODE = new Map(COUNTRIES.map((country) => [country.code, country]));

interface EpisodeDraft {
  podcastId: string;
  number: number;
  title: string;
  durationSeconds: number;
  releasedMs: number;
  delayMs: number;
}

/**
 * Splits `total` episodes over `podcasts` shows: each at least 1, at most the
 * cap, in proportion to a heavy-tailed appetite (u^4: most shows small, a few
 * prolific), summing exactly to `total`.
 */
export function apportionEpisodes(random: Random, podcasts: number, total: number): number[] {
  const cap = Math.max(MAX_EPISODES_PER_PODCAST, Math.ceil(total / podcasts));
  const appetite = Array.from({ length: podcasts }, () => Math.pow(random.next(), 4) + 1e-6);
  const counts = new Array<number>(podcasts).fill(1);
  let remaining = total - podcasts;
  while (remaining > 0) {
    let open = 0;
    for (let i = 0; i < podcasts; i++) if (counts[i]! < cap) open += appetite[i]!;
    const budget = remaining;
    let given = 0;
    for (let i = 0; i < podcasts && remaining > 0; i++) {
      const count = counts[i]!;
      if (count >= cap) continue;
      const extra = Math.min(cap - count, remaining, Math.floor((budget * appetite[i]!) / open));
      counts[i] = count + extra;
      remaining -= extra;
      given += extra;
    }
    // Rounding down left a few over: hand them to the hungriest shows that still have room.
    if (given === 0) {
      const byAppetite = [...counts.keys()].sort((left, right) => appetite[right]! - appetite[left]!);
      for (const i of byAppetite) {
        if (remaining === 0) break;
        if (counts[i]! < cap) {
          counts[i] = counts[i]! + 1;
          remaining--;
        }
      }
    }
  }
  return counts;
}

function episodeHeadline(random: Random, category: CategoryProfile, country: CountryProfile): string {
  const topic = random.pick(category.topics);
  const style = random.next();
  if (style < 0.2) return `Why ${random.pick(HEADLINE_SUBJECTS)} ${random.pick(HEADLINE_VERBS)}`;
  if (style < 0.35) return `How ${random.pick(HEADLINE_SUBJECTS)} ${random.pick(HEADLINE_VERBS)}`;
  if (style < 0.5) return `The ${random.pick(HEADLINE_ADJECTIVES)} Truth About ${titleCase(topic, false)}`;
  if (style < 0.7) {
    const guest = pickPersonName(random, country.names);
    return `${guest.first} ${guest.last} on ${titleCase(topic, false)}`;
  }
  if (style < 0.8) return `Inside the ${random.pick(HEADLINE_PLACES)}`;
  if (style < 0.9) return `${random.int(3, 10)} Things We Got Wrong About ${titleCase(topic, false)}`;
  return `What ${titleCase(topic, false)} Taught Us`;
}

function draftPodcastEpisodes(random: Random, podcast: PodcastRecord, count: number, drafts: EpisodeDraft[]): void {
  const category = CATEGORY_BY_NAME.get(podcast.category) ?? (CATEGORIES[0] as CategoryProfile);
  // Guests mostly come from the show's own country.
  const country = COUNTRY_BY_CODE.get(podcast.country) ?? (COUNTRIES[0] as CountryProfile);
  const launchedMs = Date.parse(podcast.occurredAt);
  // Jittered intervals reach up to 1.25× the cadence; shrink it so the last release fits before the horizon.
  const room = HORIZON_MS - launchedMs - 2 * HOUR_MS;
  const intervalMs = Math.min(random.pick(category.cadenceDays) * DAY_MS, room / (count * 1.25 + 1));
  const typicalMinutes = category.typicalMinutes * Math.exp(random.normal(0, 0.3));
  let releasedMs = launchedMs + random.int(0, 2 * HOUR_MS);
  for (let number = 1; number <= count; number++) {
    if (number > 1) releasedMs += Math.floor(intervalMs * random.float(0.75, 1.25));
    const minutes = typicalMinutes * Math.exp(random.normal(0, 0.2));
    const durationSeconds = Math.min(MAX_DURATION_SECONDS, Math.max(MIN_DURATION_SECONDS, Math.round(minutes * 60)));
    drafts.push({
      podcastId: podcast.id,
      number,
      title: `Ep. ${number}: ${episodeHeadline(random, category, country)}`,
      durationSeconds,
      releasedMs,
      delayMs: recordingDelayMs(random),
    });
  }
}

/** Builds the episodes of already generated podcasts (as generatePodcasts returns them). */
export function buildEpisodes(resolved: ResolvedOptions, podcasts: readonly PodcastRecord[]): EpisodeRecord[] {
  const random = createRandom(`${resolved.seed}:episodes`);
  const counts = apportionEpisodes(random, podcasts.length, resolved.sizes.episodes);
  const drafts: EpisodeDraft[] = [];
  podcasts.forEach((podcast, index) => draftPodcastEpisodes(random, podcast, counts[index]!, drafts));
  // Stable sort: episodes released in the same millisecond keep their numbering order.
  drafts.sort((left, right) => left.releasedMs - right.releasedMs);
  return drafts.map((draft, index) => ({
    id: `e-${index + 1}`,
    podcastId: draft.podcastId,
    number: draft.number,
    title: draft.title,
    durationSeconds: draft.durationSeconds,
    occurredAt: toIso(draft.releasedMs),
    recordedAt: toIso(draft.releasedMs + draft.delayMs),
  }));
}

/**
 * Generates the episodes of the world (`e-1` … `e-N`, exactly sizes.episodes),
 * sorted by release; each belongs to a generated podcast and is released after
 * its launch.
 */
export function generateEpisodes(options?: DemoDataOptions): EpisodeRecord[] {
  const resolved = resolveOptions(options);
  return buildEpisodes(resolved, buildPodcasts(resolved, generateArtists(options)));
}
