import { describe, expect, it } from 'vitest';
import type { EventLog, NewRecord } from '../../eventlog/index.ts';
import { createFieldUsageRecorder, parseFieldUsageEvent, usesOfSubgraph, type DailyFieldUse, type FieldUse } from '../../registry/usage/index.ts';
import { captureLogger } from '../support/captureLogger.ts';

/** An event log that refuses the first `failures` appends and keeps the rest. */
function flakyLog(failures: number) {
  const appended: NewRecord[][] = [];
  let topicsCreated = 0;
  const log = {
    createTopic: async () => void topicsCreated++,
    append: async (_topic: string, records: readonly NewRecord[]) => {
      if (failures-- > 0) throw new Error('broker unavailable');
      appended.push([...records]);
      return [];
    },
  } as unknown as EventLog;
  const totals = (batch: number): DailyFieldUse[] => appended[batch]!.map((record) => parseFieldUsageEvent(record.value, record.headers?.['schema-version']));
  return { log, appended, totals, topicsCreated: () => topicsCreated };
}

describe('the usage recorder', () => {
  it('appends each coordinate\u2019s totals of the day per consumer; an append that fails is made at the next flush, topic created again, with the totals by then', async () => {
    const clock = { now: Date.parse('2026-11-30T10:00:00.000Z') };
    const { log, appended, totals, topicsCreated } = flakyLog(1);
    const recorder = createFieldUsageRecorder({ log, logger: captureLogger('usage'), flushMs: 60_000, replica: 'r1', now: () => clock.now });
    const charts = ['Query.episodes', 'Episode.title'];
    recorder.record('charts-web', 'TopEpisodes', charts);
    recorder.record('charts-web', 'TopEpisodes', charts);
    await recorder.flush();
    expect(appended).toEqual([]);

    clock.now += 1_000;
    recorder.record('analyst', 'abc123', ['Query.episodes']);
    await recorder.close();
    expect(topicsCreated()).toBe(2);
    expect(totals(0)).toEqual(
      expect.arrayContaining([
        { day: '2026-11-30', replica: 'r1', consumer: 'charts-web', coordinate: 'Query.episodes', operations: ['TopEpisodes'], count: 2, lastSeenAt: '2026-11-30T10:00:00.000Z' },
        { day: '2026-11-30', replica: 'r1', consumer: 'charts-web', coordinate: 'Episode.title', operations: ['TopEpisodes'], count: 2, lastSeenAt: '2026-11-30T10:00:00.000Z' },
        { day: '2026-11-30', replica: 'r1', consumer: 'analyst', coordinate: 'Query.episodes', operations: ['abc123'], count: 1, lastSeenAt: '2026-11-30T10:00:01.000Z' },
      ]),
    );
    expect(totals(0)).toHaveLength(3);
  });
});

describe('the use of one subgraph', () => {
  const use = (coordinate: string): FieldUse => ({ coordinate, consumer: 'analyst', operations: ['Q'], count: 1, lastSeenAt: '2026-11-30T10:00:00.000Z' });
  const PODCASTS = 'type Query { episodes(sort: EpisodeSort): [Episode!]! } type Episode { id: ID! kind: EpisodeKind! } enum EpisodeKind { FULL TRAILER } enum EpisodeSort { NEWEST }';
  // insights serves the podcasts enum too: a value podcasts removes breaks insights' users of it.
  const INSIGHTS = 'type Query { charts(kind: EpisodeKind, filter: ChartFilter): [Chart!]! } input ChartFilter { kind: EpisodeKind } type Chart { rank: Int! }';

  it('is that of its fields and arguments, and of any coordinate of the mesh whose values are of its enums, unions or input types', () => {
    const usage = ['Query.episodes', 'Query.episodes(sort:)', 'Episode.kind', 'Query.charts', 'Query.charts(kind:)', 'Query.charts(filter:)', 'Chart.rank'].map(use);
    expect(usesOfSubgraph(usage, PODCASTS, [INSIGHTS]).map((u) => u.coordinate)).toEqual(['Query.episodes', 'Query.episodes(sort:)', 'Episode.kind', 'Query.charts(kind:)', 'Query.charts(filter:)']);
  });
});
