import { describe, expect, it } from 'vitest';
import { createEventsOverTime } from '../../subgraphs/kit/eventsOverTime.ts';

const at = (seconds: number) => new Date(seconds * 1_000).toISOString();

describe('events in and out over time', () => {
  it('counts what the counters grew in each 10 s interval since the first sample, zeros where nothing came', () => {
    const history = createEventsOverTime();
    expect(history.points(0)).toEqual([]);
    // The baseline: 6,000 plays read back while the domain started are no point.
    history.sample({ eventsIn: 6_000, eventsOut: 6_000 }, 1_000);
    history.sample({ eventsIn: 6_003, eventsOut: 6_002 }, 5_000);
    history.sample({ eventsIn: 6_005, eventsOut: 6_005 }, 12_000);
    history.sample({ eventsIn: 6_010, eventsOut: 6_005 }, 34_000);
    expect(history.points(35_000)).toEqual([
      { at: at(0), eventsIn: 3, eventsOut: 2 },
      { at: at(10), eventsIn: 2, eventsOut: 3 },
      { at: at(20), eventsIn: 0, eventsOut: 0 },
      { at: at(30), eventsIn: 5, eventsOut: 0 },
    ]);
  });

  it('keeps the last 15 minutes: older intervals fall out of the ring, and a slot reused is counted afresh', () => {
    const history = createEventsOverTime();
    history.sample({ eventsIn: 0 }, 0);
    history.sample({ eventsIn: 7 }, 5_000);
    // 15 minutes later the slot of the first interval holds the newest one.
    history.sample({ eventsIn: 8 }, 905_000);
    const points = history.points(905_000);
    expect(points).toHaveLength(90);
    expect(points[0]).toEqual({ at: at(10), eventsIn: 0 });
    expect(points.at(-1)).toEqual({ at: at(900), eventsIn: 1 });
    expect(points.reduce((sum, point) => sum + point.eventsIn!, 0)).toBe(1);
  });

  it('follows only the counters the product has, and a counter that went down starts over', () => {
    const history = createEventsOverTime({ intervalMs: 1_000, windowMs: 3_000 });
    history.sample({ eventsOut: 10 }, 0);
    history.sample({ eventsOut: 4 }, 1_000);
    history.sample({ eventsOut: 6 }, 2_000);
    expect(history.points(2_500)).toEqual([
      { at: at(0), eventsOut: 0 },
      { at: at(1), eventsOut: 0 },
      { at: at(2), eventsOut: 2 },
    ]);
    expect(() => createEventsOverTime({ intervalMs: 0 })).toThrow(/intervalMs > 0/);
  });
});
