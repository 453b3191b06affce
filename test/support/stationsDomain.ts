import type { EventLog, LogRecord } from '../../eventlog/index.ts';
import type { DataProductDefinition, DomainDefinition } from '../../subgraphs/kit/index.ts';
import { toEventRecord, topicSubscriptionField } from '../../subgraphs/kit/index.ts';

/**
 * A small domain, `stations`, that serves two major versions of one data
 * product side by side: `station-plays` v1 (the old shape: a play's length in
 * whole minutes) and v2 (seconds), each with its own query and subscription
 * fields, types and topic. Not a demo domain: the tests of versions and
 * retirement run it.
 */
const SDL = `
type Query {
  "Plays, v1 shape."
  stationPlaysV1: [StationPlayV1!]!
  "Plays, v2 shape."
  stationPlays: [StationPlay!]!
}

type Subscription {
  "Plays as they happen, v1 shape."
  stationPlayedV1(after: String): StationPlayedV1!
  "Plays as they happen, v2 shape."
  stationPlayed(after: String): StationPlayed!
}

"A play on a radio station, as station-plays v1 serves it."
type StationPlayV1 {
  id: ID!
  station: String!
  minutes: Int!
}

"A play on a radio station, as station-plays v2 serves it."
type StationPlay {
  id: ID!
  station: String!
  seconds: Int!
}

type StationPlayedV1 {
  cursor: String!
  play: StationPlayV1!
}

type StationPlayed {
  cursor: String!
  play: StationPlay!
}
`;

/** The topics of each major, named as the mesh names them (`<domain>.<product>.v<major>`). */
export const STATION_TOPICS = { v1: 'stations.station-plays.v1', v2: 'stations.station-plays.v2' } as const;
export const STATION_URNS = { v1: 'urn:meshgraph:stations:station-plays:v1', v2: 'urn:meshgraph:stations:station-plays:v2' } as const;

interface Play {
  id: string;
  station: string;
  seconds: number;
}

const PLAYS: Play[] = [
  { id: 'p-1', station: 'fip', seconds: 185 },
  { id: 'p-2', station: 'kexp', seconds: 242 },
];

const decode = (record: LogRecord): Play => JSON.parse(record.value.toString('utf8')) as Play;
const v1Shape = ({ id, station, seconds }: Play) => ({ id, station, minutes: Math.round(seconds / 60) });

/** One major of station-plays: its version, fields, topic and what else the descriptor says. */
function stationPlays(version: string, fields: { query: string; subscription: string }, topic: string): DataProductDefinition {
  return {
    name: 'station-plays',
    version,
    kind: 'SOURCE_ALIGNED',
    description: { purpose: 'Every play on the radio stations.', usage: `Query ${fields.query}, or subscribe to ${fields.subscription}.`, limitations: 'Test data.' },
    owner: { name: 'Stations owner', email: 'stations-owner@example.com' },
    tags: ['radio'],
    inputPorts: [{ kind: 'source', name: 'studio', system: 'the studios' }],
    outputPorts: [
      { kind: 'query', name: fields.query, field: `Query.${fields.query}` },
      { kind: 'subscription', name: fields.subscription, field: `Subscription.${fields.subscription}` },
      { kind: 'topic', name: 'plays', topic },
    ],
    slos: { freshness: 'PT5M', availability: 0.99, completeness: 0.99, intervalOfChange: 'PT1M' },
    // Confidential: a consumer reads a major only with an agreement on its URN.
    classification: { default: 'confidential' },
    retention: 'P1Y',
    terms: { usage: 'Tests only.', license: 'Proprietary' },
    access: { autoApprove: ['analytics'] },
    measure: () => ({ recordCount: PLAYS.length }),
  };
}

/** The stations domain, and the event log its kit hands it once started (what its producer appends with). */
export function createStationsDomain(): { domain: DomainDefinition; log(): EventLog } {
  let runtimeLog: EventLog | undefined;
  const domain: DomainDefinition = {
    name: 'stations',
    description: 'Radio stations and what they play.',
    team: { name: 'Stations team', email: 'stations-team@example.com' },
    schema: { sdl: SDL, source: 'test/support/stationsDomain.ts' },
    resolvers: {
      Query: { stationPlaysV1: () => PLAYS.map(v1Shape), stationPlays: () => PLAYS },
      Subscription: {
        stationPlayedV1: topicSubscriptionField({ topic: STATION_TOPICS.v1, decode, payload: (play: Play, cursor) => ({ cursor, play: v1Shape(play) }) }),
        stationPlayed: topicSubscriptionField({ topic: STATION_TOPICS.v2, decode, payload: (play: Play, cursor) => ({ cursor, play }) }),
      },
    },
    dataProducts: [
      stationPlays('1.4.0', { query: 'stationPlaysV1', subscription: 'stationPlayedV1' }, STATION_TOPICS.v1),
      stationPlays('2.0.0', { query: 'stationPlays', subscription: 'stationPlayed' }, STATION_TOPICS.v2),
    ],
    async start({ log }) {
      runtimeLog = log;
      for (const topic of Object.values(STATION_TOPICS)) await log.createTopic({ name: topic, partitions: 1 });
      return { close: async () => undefined };
    },
  };
  return {
    domain,
    log: () => {
      if (!runtimeLog) throw new Error('The stations domain has not started.');
      return runtimeLog;
    },
  };
}

/** A play as a record of a stations topic, produced by the domain. */
export const stationPlayRecord = (play: Play) => toEventRecord({ key: play.id, value: play, occurredAt: new Date().toISOString(), producer: 'stations', schemaVersion: '1' });
