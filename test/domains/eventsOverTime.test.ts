import { beforeAll, describe, expect, it } from 'vitest';
import type { DataProductFigures, DiscoveredDataProduct, FigurePoint } from '../../schema/index.ts';
import { getJson } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startSubgraphs, type TestSubgraphs } from '../support/mesh.ts';
import { appendPlays, newPlay } from '../support/plays.ts';

const INTERVAL_MS = 10_000;
const sum = (points: readonly FigurePoint[], counter: 'eventsIn' | 'eventsOut') => points.reduce((total, point) => total + (point[counter] ?? 0), 0);

describe("a domain's discovery port shows each product's events in and out over time", () => {
  const leftovers = useLeftovers('file');
  let mesh: TestSubgraphs<'podcasts'>;

  beforeAll(async () => {
    mesh = leftovers.track(await startSubgraphs({ only: ['podcasts'], data: SMALL_TEST_DATA }));
  });

  const episodePlays = async (): Promise<DataProductFigures> => {
    const { body } = await getJson<{ dataProducts: DiscoveredDataProduct[] }>(mesh.subgraphs.podcasts.url.replace(/\/graphql$/, '/data-products'));
    return body.dataProducts.find((product) => product.name === 'episode-plays')!.figures!;
  };
  /** Asks the discovery port again, answer after answer, until its figures show what `done` waits for. */
  const until = async (done: (figures: DataProductFigures) => boolean): Promise<DataProductFigures> => {
    for (let tries = 1; ; tries++) {
      const figures = await episodePlays();
      if (done(figures)) return figures;
      if (tries >= 500) throw new Error(`episode-plays' figures never showed what the test waited for; last: ${JSON.stringify(figures)}`);
    }
  };

  it('plays arriving show as events in and out in the interval they came; the history read back at start-up does not', async () => {
    const before = await episodePlays();
    // Every play of the demo's history was read back while the domain started: no point counts it.
    expect(before.eventsIn).toBe(mesh.domains.podcasts.store.plays.length);
    const quiet = before.eventsOverTime!;
    expect(quiet.length).toBeGreaterThan(0);
    expect(sum(quiet, 'eventsIn') + sum(quiet, 'eventsOut')).toBe(0);
    // One point per 10 s, oldest first, the last one the interval now.
    const starts = quiet.map((point) => Date.parse(point.at));
    expect(starts.slice(1).map((start, i) => start - starts[i]!)).toEqual(starts.slice(1).map(() => INTERVAL_MS));
    expect(Date.now() - starts.at(-1)!).toBeLessThan(2 * INTERVAL_MS);

    await appendPlays(mesh.log, [1, 2, 3].map((n) => newPlay(mesh, `over-time-${n}`)));
    const after = await until((figures) => figures.recordCount === before.recordCount + 3);
    const points = after.eventsOverTime!;
    expect(sum(points, 'eventsIn')).toBe(3);
    expect(sum(points, 'eventsOut')).toBe(3);
    // They came just now: in one of the last two intervals (the sample may fall in the next one).
    expect(points.slice(-2).reduce((total, point) => total + point.eventsIn!, 0)).toBe(3);
  });
});
