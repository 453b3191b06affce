import type { QualityRule } from '../descriptor/index.ts';

/** The name of episode-plays' topic port, the schema object its rules check. */
const PLAY_EVENTS = 'play-events';

/**
 * The quality rules of episode-plays' contract: what every record of
 * `podcasts.episode-plays.v1` satisfies. podcast-catalog's topic
 * (`podcasts.podcast-catalog.v1`) is the reference the plays are checked
 * against. Consumers (artist-royalties, top-charts) apply them at their input
 * port; the ODCS export of episode-plays carries them.
 */
export const PLAY_QUALITY_RULES = {
  requiredFields: {
    name: 'play-required-fields',
    description: 'Every play has playId, listenerId, episodeId, podcastId, hostArtistId, secondsPlayed, device, country and occurredAt.',
    object: PLAY_EVENTS,
    dimension: 'completeness',
    onFail: 'deadLetter',
    check: { type: 'library', metric: 'missingValues', arguments: { properties: ['playId', 'listenerId', 'episodeId', 'podcastId', 'hostArtistId', 'secondsPlayed', 'device', 'country', 'occurredAt'] }, mustBe: 0 },
  },
  wellFormed: {
    name: 'play-well-formed',
    description: 'Every record is a JSON PlayEvent of a known schema version, each field of its type (device one of the known devices, occurredAt an ISO-8601 date-time).',
    object: PLAY_EVENTS,
    dimension: 'conformity',
    onFail: 'deadLetter',
    check: { type: 'library', metric: 'invalidValues', arguments: { schema: 'PlayEvent' }, mustBe: 0 },
  },
  uniqueId: {
    name: 'play-id-unique',
    description: 'A play is recorded once: no two records have the same playId (checked over the most recent plays a consumer keeps).',
    object: PLAY_EVENTS,
    property: 'playId',
    dimension: 'uniqueness',
    onFail: 'deadLetter',
    check: { type: 'library', metric: 'duplicateValues', mustBe: 0 },
  },
  episodeKnown: {
    name: 'play-episode-known',
    description: 'episodeId names an episode of podcast-catalog. A play that arrives before its episode is held in quarantine and counted once the episode appears.',
    object: PLAY_EVENTS,
    property: 'episodeId',
    dimension: 'consistency',
    onFail: 'quarantine',
    check: { type: 'custom', engine: 'meshgraph', implementation: 'Look episodeId up in the episodes of podcast-catalog (topic podcasts.podcast-catalog.v1).' },
  },
  episodeMatches: {
    name: 'play-episode-matches',
    description: 'podcastId and hostArtistId are the show and the host of the episode in podcast-catalog.',
    object: PLAY_EVENTS,
    property: 'hostArtistId',
    dimension: 'consistency',
    onFail: 'deadLetter',
    check: { type: 'custom', engine: 'meshgraph', implementation: 'Compare podcastId and hostArtistId with the episode\'s show and host in podcast-catalog.' },
  },
  secondsInRange: {
    name: 'play-seconds-in-range',
    description: 'secondsPlayed is at least 0 and at most the episode\'s duration.',
    object: PLAY_EVENTS,
    property: 'secondsPlayed',
    dimension: 'accuracy',
    onFail: 'deadLetter',
    check: { type: 'library', metric: 'invalidValues', arguments: { minimum: 0, maximum: 'Episode.durationSeconds' }, mustBe: 0 },
  },
} as const satisfies Record<string, QualityRule>;
