import { CATALOG_TOPIC, PLAY_EVENT_CONTRACT, PLAY_QUALITY_RULES, PLAYS_TOPIC } from '../../schema/events/index.ts';
import type { DataProductDefinition } from '../kit/index.ts';
import type { PodcastStore } from './podcastStore.ts';

const TEAM_OWNER = { name: 'Tomás Ferreira', email: 'tomas.ferreira@meshgraph.example' };

/** podcast-catalog: every show and released episode. */
export function podcastCatalog(store: PodcastStore): DataProductDefinition {
  return {
    name: 'podcast-catalog',
    version: '1.0.0',
    kind: 'SOURCE_ALIGNED',
    description: {
      purpose: 'The catalog of podcast shows and their released episodes: titles, categories, languages, durations, release dates and hosts.',
      usage: 'Look up shows and episodes by id, list a host artist\'s shows, or browse by category, country and language; Podcast and Episode are polysemes other domains extend.',
      limitations: 'Only released episodes; unpublished drafts and takedowns are not included. Descriptions are as the publisher wrote them.',
    },
    owner: TEAM_OWNER,
    tags: ['podcasts', 'episodes', 'catalog', 'shows', 'hosts'],
    inputPorts: [{ kind: 'source', name: 'publishing', system: 'podcast publishing tool' }],
    outputPorts: [
      { kind: 'query', name: 'podcasts', field: 'Query.podcasts' },
      { kind: 'query', name: 'podcast', field: 'Query.podcast' },
      { kind: 'query', name: 'episodes', field: 'Query.episodes' },
      { kind: 'query', name: 'episode', field: 'Query.episode' },
      { kind: 'topic', name: 'episode-releases', topic: CATALOG_TOPIC.name, description: 'Every released episode with its show, host and duration, keyed by episode id (compacted): the reference plays are checked against.' },
    ],
    slos: { freshness: 'PT15M', availability: 0.999, completeness: 1, intervalOfChange: 'PT1H' },
    classification: { default: 'public', fields: { 'Podcast.playCount': 'internal', 'Episode.playCount': 'internal' } },
    retention: 'P10Y',
    terms: { usage: 'Free to use inside the company and in the product.', license: 'Proprietary, internal use only' },
    measure: () => ({ recordCount: store.podcasts.length + store.episodes.length, lastEventAt: store.episodes.at(-1)?.occurredAt }),
    expiry: store.catalogExpiry,
  };
}

/** episode-plays: one fact per play. */
export function episodePlays(store: PodcastStore): DataProductDefinition {
  return {
    name: 'episode-plays',
    version: '1.0.0',
    kind: 'SOURCE_ALIGNED',
    description: {
      purpose: 'Every play of an episode: which listener played which episode, for how long, on which device, from which country, and when.',
      usage: 'The fact table of listening: count plays, listening time, skips and completions by episode, show, host, listener, country, device or time.',
      limitations: 'A play under 30 seconds is a skip and earns no royalty. Offline plays arrive late, so recordedAt can trail occurredAt by minutes.',
    },
    owner: TEAM_OWNER,
    tags: ['plays', 'listening', 'streams', 'events', 'facts', 'episodes'],
    inputPorts: [{ kind: 'source', name: 'player', system: 'player apps (playback telemetry)' }],
    outputPorts: [
      { kind: 'query', name: 'plays', field: 'Query.plays', description: 'Plays, filtered and paged.' },
      { kind: 'subscription', name: 'episode-played', field: 'Subscription.episodePlayed', description: 'Plays as they happen, resumable with a cursor.' },
      { kind: 'topic', name: 'play-events', topic: PLAYS_TOPIC.name, description: 'Every play as it happens, keyed by listener id.', contract: PLAY_EVENT_CONTRACT },
    ],
    slos: { freshness: 'PT1M', availability: 0.999, completeness: 0.99, intervalOfChange: 'PT1S' },
    quality: Object.values(PLAY_QUALITY_RULES),
    classification: { default: 'internal', fields: { 'Play.listener': 'confidential', 'Play.country': 'confidential' } },
    retention: 'P2Y',
    terms: {
      usage: 'Analytics, royalties and recommendations. Do not re-identify listeners from play patterns.',
      license: 'Proprietary, internal use only',
    },
    // Every play arrived on the product's topic, which is its output port.
    measure: () => ({ recordCount: store.plays.length, lastEventAt: store.latestPlayAt, eventsIn: store.playsIn, eventsOut: store.playsIn }),
    expiry: store.playExpiry,
  };
}
