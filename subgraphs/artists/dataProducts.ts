import { CATALOG_TOPIC, PLAYS_TOPIC, ROYALTIES_TOPIC } from '../../schema/events/index.ts';
import { dataProductUrn } from '../../schema/index.ts';
import { inputFigures, type DataProductDefinition } from '../kit/index.ts';
import type { ArtistStore } from './artistStore.ts';

const OWNER = { name: 'Ines Lindqvist', email: 'ines.lindqvist@meshgraph.example' };

/** artist-profiles: every artist on the platform. */
export function artistProfiles(store: ArtistStore): DataProductDefinition {
  return {
    name: 'artist-profiles',
    version: '1.0.0',
    kind: 'SOURCE_ALIGNED',
    description: {
      purpose: 'Who the artists are: name, country, genres and debut year of every artist and band on the platform.',
      usage: 'Look up an artist, list artists by country or genre; Artist is the polyseme podcasts link to as show hosts.',
      limitations: 'Genres are as the artist\'s label declared them; debut year is the first release on any platform.',
    },
    owner: OWNER,
    tags: ['artists', 'profiles', 'bands', 'hosts', 'genres'],
    inputPorts: [{ kind: 'source', name: 'onboarding', system: 'artist onboarding portal' }],
    outputPorts: [
      { kind: 'query', name: 'artists', field: 'Query.artists' },
      { kind: 'query', name: 'artist', field: 'Query.artist' },
    ],
    slos: { freshness: 'PT1H', availability: 0.999, completeness: 1, intervalOfChange: 'P1D' },
    classification: { default: 'public', fields: { 'Artist.royalties': 'confidential', 'Royalties.amount': 'confidential' } },
    // Records older than this are not served: the demo world's artists joined from January 2015 on.
    retention: 'P12Y',
    terms: { usage: 'Free to use inside the company and in the product.', license: 'Proprietary, internal use only' },
    measure: () => ({ recordCount: store.artists.length, lastEventAt: store.artists.at(-1)?.occurredAt }),
    expiry: store.profileExpiry,
  };
}

/** artist-royalties: royalty totals per host artist and per show, aggregated from plays. */
export function artistRoyalties(store: ArtistStore): DataProductDefinition {
  return {
    name: 'artist-royalties',
    version: '1.0.0',
    kind: 'AGGREGATE',
    description: {
      purpose: 'What each artist earns from plays of the shows they host: plays, payable plays, listening time and the amount owed.',
      usage: 'Rank artists by earnings, read an artist\'s or a show\'s royalties; join with artist profiles and the podcast catalog through polysemes.',
      limitations: 'Running totals of all plays counted so far, not a settled statement; a play under 30 seconds pays nothing; amounts in USD at a flat rate.',
    },
    owner: OWNER,
    tags: ['royalties', 'earnings', 'payouts', 'artists', 'plays', 'finance'],
    inputPorts: [
      {
        kind: 'dataProduct',
        name: 'plays',
        urn: dataProductUrn('podcasts', 'episode-plays', '1.0.0'),
        description: `Consumed from the topic ${PLAYS_TOPIC.name}; each play is checked against the quality rules of episode-plays' contract before it counts.`,
      },
      { kind: 'dataProduct', name: 'episodes', urn: dataProductUrn('podcasts', 'podcast-catalog', '1.0.0'), description: `Consumed from the topic ${CATALOG_TOPIC.name}: the episodes plays must refer to.` },
    ],
    outputPorts: [
      { kind: 'query', name: 'royalty-leaderboard', field: 'Query.royaltyLeaderboard' },
      { kind: 'subscription', name: 'royalties-changed', field: 'Subscription.royaltiesChanged', description: 'Totals after each change, resumable with a cursor.' },
      { kind: 'topic', name: 'royalty-changes', topic: ROYALTIES_TOPIC.name, description: 'Totals after each change, keyed by artist id (compacted).' },
    ],
    slos: { freshness: 'PT5M', availability: 0.995, completeness: 0.99, validity: 0.99, intervalOfChange: 'PT1S' },
    // Podcast.royalties, which artists adds to the podcasts' polyseme, no port reaches: named here, it is this product's, as confidential as an artist's.
    classification: { default: 'internal', fields: { 'Royalties.amount': 'confidential', 'Artist.royalties': 'confidential', 'Podcast.royalties': 'confidential' } },
    retention: 'P7Y',
    terms: { usage: 'Finance and artist relations. Amounts are confidential to the artist and finance.', license: 'Proprietary, internal use only' },
    measure: () => ({
      recordCount: store.ledger.byArtist.size,
      lastEventAt: store.ledger.latestOccurredAt,
      ...(store.consumer ? inputFigures(store.consumer, store.references) : {}),
      ...(store.consumer ? { eventsOut: store.changesPublished } : {}),
      ...store.checkpoints?.figures(),
    }),
    expiry: store.royaltyExpiry,
  };
}
