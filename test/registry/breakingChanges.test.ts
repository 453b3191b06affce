import { describe, expect, it } from 'vitest';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { breakingChangeCheck, breakingChanges, checkSubgraph, eventContractChanges } from '../../registry/checks/index.ts';
import type { RegisteredSubgraph } from '../../registry/RegisteredSubgraph.ts';
import type { FieldUse } from '../../registry/usage/index.ts';
import type { EventContract } from '../../schema/events/index.ts';
import type { DataProductDescriptor, InputPort } from '../../schema/index.ts';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

/** The podcasts subgraph as published, a Federation SDL. */
const CURRENT = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])
type Query {
  episodes(first: Int, podcastId: ID, sort: EpisodeSort = NEWEST): [Episode!]!
  episode(id: ID!): Episode
  legacyCharts: [Episode!]! @deprecated(reason: "Use topEpisodes. Sunset 2026-12-31")
}
type Episode @key(fields: "id") {
  id: ID!
  title: String!
  durationSeconds: Int
  kind: EpisodeKind!
}
enum EpisodeKind { FULL TRAILER BONUS }
enum EpisodeSort { NEWEST OLDEST }
`;

const use = (coordinate: string, consumer: string, operations: string[], count: number, lastSeenAt: string): FieldUse => ({ coordinate, consumer, operations, count, lastSeenAt });
const USAGE: FieldUse[] = [
  use('Episode.title', 'charts-web', ['TopEpisodes'], 12, daysAgo(1)),
  use('Episode.title', 'royalties-payout', ['Payout'], 3, daysAgo(2)),
  use('Query.episodes', 'charts-web', ['TopEpisodes'], 12, daysAgo(1)),
  use('Query.episodes(podcastId:)', 'charts-web', ['TopEpisodes'], 12, daysAgo(1)),
  use('Episode.kind', 'analyst', ['Kinds'], 2, daysAgo(3)),
  use('Query.legacyCharts', 'charts-web', ['OldCharts'], 5, daysAgo(1)),
  use('Episode.durationSeconds', 'analyst', ['Old'], 9, daysAgo(45)),
];

const check = (candidate: string, options: { now?: number; windowDays?: number; usage?: FieldUse[] } = {}) =>
  breakingChanges({ current: CURRENT, candidate, usage: options.usage ?? USAGE, now: options.now ?? NOW, ...(options.windowDays ? { windowDays: options.windowDays } : {}) });

describe('breaking changes against real use', () => {
  it('removing a field clients used is refused, naming each consumer, its operations, how often and its last use', () => {
    const problems = check(CURRENT.replace('  title: String!\n', ''));
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem).toMatchObject({ check: 'breaking-change', severity: 'error', coordinate: 'Episode.title' });
    expect(problem!.usedBy).toEqual([
      { consumer: 'charts-web', operations: ['TopEpisodes'], count: 12, lastSeenAt: daysAgo(1) },
      { consumer: 'royalties-payout', operations: ['Payout'], count: 3, lastSeenAt: daysAgo(2) },
    ]);
    expect(problem!.message).toContain('"Episode.title" is removed, but 2 consumers used it in the last 30 days');
    expect(problem!.message).toContain(`charts-web (operation TopEpisodes; 12 uses, last ${daysAgo(1)})`);
    expect(problem!.message).toContain('Deprecate it first with a sunset date');
  });

  it('removing a field nobody used in the window is a warning only; the window is configurable', () => {
    const withoutDuration = CURRENT.replace('  durationSeconds: Int\n', '');
    expect(check(withoutDuration)).toEqual([
      { check: 'breaking-change', severity: 'warning', coordinate: 'Episode.durationSeconds', message: '"Episode.durationSeconds" is removed; no consumer used it in the last 30 days.' },
    ]);
    expect(check(withoutDuration, { windowDays: 60 })).toMatchObject([{ severity: 'error', usedBy: [{ consumer: 'analyst', count: 9 }] }]);
  });

  it('a field deprecated with a sunset stays until the sunset; from that day its removal passes (a warning while still used)', () => {
    const withoutLegacy = CURRENT.replace(/ {2}legacyCharts.*\n/, '');
    const [before] = check(withoutLegacy);
    expect(before).toMatchObject({ severity: 'error', coordinate: 'Query.legacyCharts', usedBy: [{ consumer: 'charts-web', operations: ['OldCharts'] }] });
    expect(before!.message).toContain('It is deprecated with sunset 2026-12-31: the change passes from that day.');

    const sunsetDay = Date.parse('2026-12-31T00:00:00.000Z');
    // Still used the day before the sunset.
    const [after] = check(withoutLegacy, { now: sunsetDay, usage: [use('Query.legacyCharts', 'charts-web', ['OldCharts'], 40, '2026-12-30T09:00:00.000Z')] });
    expect(after).toMatchObject({ severity: 'warning', coordinate: 'Query.legacyCharts' });
    expect(after!.message).toContain('past its sunset 2026-12-31');
    expect(check(withoutLegacy, { now: sunsetDay, usage: [] })).toEqual([]);
  });

  it('narrowing is breaking too: a nullable argument made non-null, a removed argument, a new required argument, an output made nullable, a removed enum value', () => {
    const candidate = CURRENT.replace('podcastId: ID,', 'podcastId: ID!,')
      .replace('episode(id: ID!): Episode', 'episode(id: ID!, market: String!): Episode')
      .replace('sort: EpisodeSort = NEWEST', '')
      .replace('title: String!', 'title: String')
      .replace('FULL TRAILER BONUS', 'FULL BONUS');
    const problems = Object.fromEntries(check(candidate).map((p) => [p.coordinate, p.severity]));
    expect(problems).toEqual({
      'Query.episodes(podcastId:)': 'error',
      'Query.episodes(sort:)': 'warning',
      'Query.episode(market:)': 'warning',
      'Episode.title': 'error',
      'EpisodeKind.TRAILER': 'error',
    });
  });

  it('changes that remove or narrow nothing pass: a new field, an output made non-null, an argument made nullable', () => {
    const candidate = CURRENT.replace('durationSeconds: Int', 'durationSeconds: Int!\n  explicit: Boolean').replace('episode(id: ID!)', 'episode(id: ID)');
    expect(check(candidate)).toEqual([]);
  });
});

const PLAY_CONTRACT: EventContract = {
  name: 'PlayEvent',
  version: '1',
  fields: {
    playId: { type: 'string' },
    listenerId: { type: 'string' },
    secondsPlayed: { type: 'integer' },
    device: { type: { enum: ['MOBILE', 'DESKTOP', 'TV'] } },
    country: { type: 'string' },
  },
};
const PLAYS = 'podcasts.episode-plays.v1';
const PLAYS_URN = 'urn:meshgraph:podcasts:episode-plays:v1';

/** A data product with only what the contract check reads: its URN and ports. */
const product = (urn: string, ports: { inputPorts?: InputPort[]; contract?: EventContract }): DataProductDescriptor =>
  ({ urn, inputPorts: ports.inputPorts ?? [], outputPorts: ports.contract ? [{ kind: 'topic', name: 'play-events', topic: PLAYS, contract: ports.contract }] : [] }) as unknown as DataProductDescriptor;
const subgraph = (name: string, descriptors: DataProductDescriptor[]): RegisteredSubgraph => ({ name, url: 'http://127.0.0.1:1/graphql', sdl: '', descriptors, version: '1', publishedBy: name, publishedAt: '2026-11-01T00:00:00.000Z' });

describe('event contracts on topics against their consumers', () => {
  // artists reads every field through episode-plays (as the demo's royalties do); insights reads the topic, two fields only, and was seen reading.
  const royalties = product('urn:meshgraph:artists:artist-royalties:v1', { inputPorts: [{ kind: 'dataProduct', name: 'plays', urn: PLAYS_URN }] });
  const charts = {
    ...product('urn:meshgraph:insights:top-charts:v1', { inputPorts: [{ kind: 'topic', name: 'plays', topic: PLAYS, reads: ['playId', 'country'] }] }),
    figures: { recordCount: 1, inputs: [{ topic: PLAYS, eventsIn: 1200, lastEventAt: '2026-11-30T11:00:00.000Z' }] },
  };
  const others = [subgraph('artists', [royalties]), subgraph('insights', [charts])];
  const check = (candidate: EventContract | undefined) =>
    eventContractChanges({ current: [product(PLAYS_URN, { contract: PLAY_CONTRACT })], candidate: [product(PLAYS_URN, candidate ? { contract: candidate } : {})], others });
  const withFields = (fields: EventContract['fields']): EventContract => ({ ...PLAY_CONTRACT, fields });

  it('a producer cannot break its consumers\u2019 event shape: removing a field they read is refused, naming each consumer and its input port', () => {
    const { country: _removed, ...withoutCountry } = PLAY_CONTRACT.fields;
    const [problem, ...others] = check(withFields(withoutCountry));
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ check: 'event-contract', severity: 'error', coordinate: PLAYS });
    expect(problem!.usedBy).toEqual([
      { consumer: 'urn:meshgraph:artists:artist-royalties:v1', operations: ['plays'], count: 0, lastSeenAt: '2026-11-01T00:00:00.000Z' },
      { consumer: 'urn:meshgraph:insights:top-charts:v1', operations: ['plays'], count: 1200, lastSeenAt: '2026-11-30T11:00:00.000Z' },
    ]);
    expect(problem!.message).toContain(`"${PLAYS} PlayEvent.country" is removed, but 2 consumers read it`);
    expect(problem!.message).toContain('urn:meshgraph:insights:top-charts:v1 (input port "plays"; 1200 events read, last 2026-11-30T11:00:00.000Z)');
  });

  it('an optional field, another type, a new enum value or version break only those who read it; what nobody reads is a warning; adding fields passes', () => {
    const changed = withFields({
      ...PLAY_CONTRACT.fields,
      listenerId: { type: 'string', required: false },
      secondsPlayed: { type: 'number' },
      device: { type: { enum: ['MOBILE', 'DESKTOP', 'TV', 'CAR'] } },
      albumId: { type: 'string' },
    });
    const problems = check(changed).map((p) => [p.severity, p.usedBy?.length ?? 0, p.message.split(',')[0]]);
    expect(problems).toEqual([
      ['error', 1, `"${PLAYS} PlayEvent.listenerId" becomes optional`],
      ['error', 1, `"${PLAYS} PlayEvent.secondsPlayed" changes type from integer to number`],
      ['error', 1, `"${PLAYS} PlayEvent.device" gains the value CAR`],
    ]);
    expect(check({ ...PLAY_CONTRACT, version: '2' })).toMatchObject([{ severity: 'error', usedBy: [{}, {}] }]);
    expect(check(withFields({ ...PLAY_CONTRACT.fields, albumId: { type: 'string' } }))).toEqual([]);
    expect(eventContractChanges({ current: [product(PLAYS_URN, { contract: PLAY_CONTRACT })], candidate: [product(PLAYS_URN, {})], others: [] })).toMatchObject([{ severity: 'warning' }]);
  });
});

describe('on publication', () => {
  it('checkSubgraph runs the check against the publication the candidate replaces: the registry\u2019s latest, or the mesh\u2019s of that name', async () => {
    const published = { ...subgraph('podcasts', []), sdl: CURRENT };
    const candidate = { ...published, sdl: CURRENT.replace('  title: String!\n', ''), version: '2', publishedAt: '2026-11-30T12:00:00.000Z' };
    const breaking = async (mesh: RegisteredSubgraph[], latest?: RegisteredSubgraph) => {
      const check = breakingChangeCheck({ usage: () => USAGE, now: () => NOW, ...(latest ? { published: (name: string) => (name === latest.name ? latest : undefined) } : {}) });
      const report = await checkSubgraph(candidate, { subgraphs: mesh, policy: loadMeshPolicy(), extraChecks: [check] });
      return { passed: report.passed, problems: report.problems.filter((p) => p.check === 'breaking-change') };
    };
    // The registry checks a candidate within the mesh it would make, the candidate in it.
    expect(await breaking([candidate], published)).toMatchObject({ passed: false, problems: [{ severity: 'error', coordinate: 'Episode.title', usedBy: [{ consumer: 'charts-web' }, { consumer: 'royalties-payout' }] }] });
    expect(await breaking([published])).toMatchObject({ passed: false, problems: [{ severity: 'error', coordinate: 'Episode.title' }] });
    // A first publication breaks nothing.
    expect((await breaking([candidate])).problems).toEqual([]);
  });
});

describe('what consumers see, not a subgraph alone', () => {
  const SHARED = CURRENT.replace('  title: String!\n', '  title: String! @shareable\n');
  const podcasts = { ...subgraph('podcasts', []), sdl: SHARED };
  // Another subgraph resolves Episode.title too: the composed graph keeps it whichever of the two stops.
  const titles = {
    ...subgraph('titles', []),
    sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])
type Episode @key(fields: "id") {
  id: ID!
  title: String! @shareable
}`,
  };
  const breaking = async (candidateSdl: string, mesh: RegisteredSubgraph[]) => {
    const candidate = { ...podcasts, sdl: candidateSdl, version: '2' };
    const report = await checkSubgraph(candidate, { subgraphs: mesh, policy: loadMeshPolicy(), extraChecks: [breakingChangeCheck({ usage: () => USAGE, now: () => NOW })] });
    return report.problems.filter((p) => p.check === 'breaking-change');
  };

  it('removing a field another subgraph still resolves, or its @shareable, breaks no one: the composed API schema keeps it', async () => {
    const withoutTitle = SHARED.replace('  title: String! @shareable\n', '');
    expect(await breaking(withoutTitle, [podcasts, titles])).toEqual([]);
    expect(await breaking(CURRENT, [podcasts])).toEqual([]);
    // Alone, the same removal takes the field from the graph: its consumers would break.
    expect(await breaking(withoutTitle, [podcasts])).toMatchObject([{ severity: 'error', coordinate: 'Episode.title', usedBy: [{ consumer: 'charts-web' }, { consumer: 'royalties-payout' }] }]);
  });
});
