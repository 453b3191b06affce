/**
 * Plays: listeners playing episodes during the 180 days before DEMO_EPOCH,
 * with Zipf-like popularity and skewed listener activity.
 */
import type { ListenerRecord } from '../../subgraphs/listeners/index.ts';
import type { EpisodeRecord, PlayRecord, PodcastRecord } from '../../subgraphs/podcasts/index.ts';
import { generateArtists } from './artists.ts';
import { COUNTRY_CODES, pickCountryIndex } from './countries.ts';
import { DEVICES, pickOtherDevice, type Device } from './devices.ts';
import { buildEpisodes } from './episodes.ts';
import { generateListeners } from './listeners.ts';
import { buildPodcasts } from './podcasts.ts';
import { createRandom } from './random.ts';
import { createWeightedSampler, zipfWeights } from './sampler.ts';
import { stableOrderByKey } from './sort.ts';
import { resolveOptions, type DemoDataOptions, type ResolvedOptions } from './sizes.ts';
import { DAY_MS, HORIZON_MS, PLAY_WINDOW_START_MS, recordingDelayMs, toIso } from './time.ts';

// Exponent 1 puts roughly half of all plays on the top 1% of episodes, as in real catalogues.
const EPISODE_POPULARITY_EXPONENT = 1;
// Flatter than episodes: heavy listeners exist, but nobody plays a third of the catalogue.
const LISTENER_ACTIVITY_EXPONENT = 0.6;
const WINDOW_MS = HORIZON_MS - PLAY_WINDOW_START_MS;
// Fresh episodes get most of their plays in the days after release.
const RELEASE_BURST_MEAN_MS = 9 * DAY_MS;
const HOME_COUNTRY_SHARE = 0.9;
const PREFERRED_DEVICE_SHARE = 0.7;
const SKIP_SHARE = 0.22;
const FULL_LISTEN_SHARE = 0.38;

/** Index of every country code, for compact per-play storage. */
const COUNTRY_INDEX = new Map(COUNTRY_CODES.map((code, index) => [code, index]));

/**
 * Builds the plays from already generated listeners, podcasts and episodes.
 * Per-play choices live in typed arrays until the final, time-sorted pass
 * turns them into records, so memory stays close to the output itself.
 */
export function buildPlays(
  resolved: ResolvedOptions,
  listeners: readonly ListenerRecord[],
  podcasts: readonly PodcastRecord[],
  episodes: readonly EpisodeRecord[],
): PlayRecord[] {
  const random = createRandom(`${resolved.seed}:plays`);
  const count = resolved.sizes.plays;

  const listenerStartMs = new Float64Array(listeners.length);
  const listenerCountry = new Uint8Array(listeners.length);
  const listenerDevice = new Uint8Array(listeners.length);
  const listenerWeights = zipfWeights(listeners.length, LISTENER_ACTIVITY_EXPONENT, random);
  listeners.forEach((listener, index) => {
    const startMs = Math.max(PLAY_WINDOW_START_MS, Date.parse(listener.occurredAt));
    listenerStartMs[index] = startMs;
    listenerCountry[index] = COUNTRY_INDEX.get(listener.country) ?? 0;
    listenerDevice[index] = DEVICES.indexOf(listener.preferredDevice);
    // Someone who registered last week cannot have played as much as a long-time listener.
    listenerWeights[index] = listenerWeights[index]! * Math.max(0.01, (HORIZON_MS - startMs) / WINDOW_MS);
  });

  const podcastById = new Map(podcasts.map((podcast) => [podcast.id, podcast]));
  const episodeReleasedMs = Float64Array.from(episodes, (episode) => Date.parse(episode.occurredAt));
  const episodePodcasts = episodes.map((episode) => {
    const podcast = podcastById.get(episode.podcastId);
    if (podcast === undefined) throw new Error(`episode ${episode.id} refers to unknown podcast ${episode.podcastId}`);
    return podcast;
  });
  const episodeWeights = zipfWeights(episodes.length, EPISODE_POPULARITY_EXPONENT, random);

  const pickListener = createWeightedSampler(listenerWeights);
  const pickEpisode = createWeightedSampler(episodeWeights);

  const occurredMs = new Float64Array(count);
  const delayMs = new Int32Array(count);
  const listenerOf = new Int32Array(count);
  const episodeOf = new Int32Array(count);
  const secondsOf = new Int32Array(count);
  const deviceOf = new Uint8Array(count);
  const countryOf = new Uint8Array(count);

  for (let i = 0; i < count; i++) {
    const listener = pickListener.sample(random);
    const episode = pickEpisode.sample(random);
    const releasedMs = episodeReleasedMs[episode]!;
    // Never before the listener registered, the episode was released, or the window opened.
    const startMs = Math.max(listenerStartMs[listener]!, releasedMs, PLAY_WINDOW_START_MS);
    let instantMs = releasedMs >= PLAY_WINDOW_START_MS && random.chance(0.6) ? releasedMs + random.exponential(RELEASE_BURST_MEAN_MS) : -1;
    if (instantMs < startMs || instantMs > HORIZON_MS) instantMs = startMs + random.next() * (HORIZON_MS - startMs);
    occurredMs[i] = Math.floor(instantMs);
    delayMs[i] = recordingDelayMs(random);

    const duration = episodes[episode]!.durationSeconds;
    const listenRoll = random.next();
    secondsOf[i] =
      listenRoll < SKIP_SHARE ? random.int(1, 29) : listenRoll < SKIP_SHARE + FULL_LISTEN_SHARE ? duration : random.int(30, duration);

    const preferred = listenerDevice[listener]!;
    deviceOf[i] = random.chance(PREFERRED_DEVICE_SHARE) ? preferred : DEVICES.indexOf(pickOtherDevice(random, DEVICES[preferred] as Device));
    const home = listenerCountry[listener]!;
    let country = home;
    // Travelling listeners: resample until abroad.
    if (!random.chance(HOME_COUNTRY_SHARE)) while (country === home) country = pickCountryIndex(random);
    countryOf[i] = country;
    listenerOf[i] = listener;
    episodeOf[i] = episode;
  }

  // Ties keep generation order, so the result is deterministic.
  const order = stableOrderByKey(occurredMs);

  const plays: PlayRecord[] = [];
  for (let position = 0; position < count; position++) {
    const i = order[position]!;
    const episode = episodes[episodeOf[i]!]!;
    const podcast = episodePodcasts[episodeOf[i]!]!;
    const instantMs = occurredMs[i]!;
    plays.push({
      id: `play-${position + 1}`,
      listenerId: listeners[listenerOf[i]!]!.id,
      episodeId: episode.id,
      podcastId: podcast.id,
      hostArtistId: podcast.hostArtistId,
      secondsPlayed: secondsOf[i]!,
      device: DEVICES[deviceOf[i]!] as Device,
      country: COUNTRY_CODES[countryOf[i]!] as string,
      occurredAt: toIso(instantMs),
      recordedAt: toIso(instantMs + delayMs[i]!),
    });
  }
  return plays;
}

/**
 * Generates the plays of the world (`play-1` is the oldest), during the 180
 * days before DEMO_EPOCH. Generates the listeners, podcasts and episodes they
 * refer to with the same options; deterministic for given options.
 */
export function generatePlays(options?: DemoDataOptions): PlayRecord[] {
  const resolved = resolveOptions(options);
  const podcasts = buildPodcasts(resolved, generateArtists(options));
  return buildPlays(resolved, generateListeners(options), podcasts, buildEpisodes(resolved, podcasts));
}
