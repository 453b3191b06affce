import type { FigurePoint } from '../../schema/index.ts';

/** The counters of a product that its history follows; absent when the product does not count it. */
export interface EventCounts {
  eventsIn?: number | undefined;
  eventsOut?: number | undefined;
}

/** Options of `createEventsOverTime`. */
export interface EventsOverTimeOptions {
  /** How long one point's interval lasts, in milliseconds. @default 10_000 (10 s) */
  intervalMs?: number;
  /** How far back the points go, in milliseconds. @default 900_000 (15 minutes) */
  windowMs?: number;
}

/** A product's events in and out per interval over a recent window, from samples of its ever-growing counters. */
export interface EventsOverTime {
  /** Notes the counters now; the first sample is the baseline, what came before it is no point. */
  sample(counts: EventCounts, at?: number): void;
  /** One point per interval from the first sample (or the window's start) to the one `at` falls in, oldest first; zeros where nothing came. */
  points(at?: number): FigurePoint[];
}

/** One interval's counts, in a ring: `index` tells which interval the slot holds now. */
interface Slot {
  index: number;
  eventsIn: number;
  eventsOut: number;
}

/**
 * The history behind a product's "events in and out over time": a ring of
 * counts per interval (90 slots of 10 s by default), in memory, so it costs
 * the same whatever the traffic and starts empty with each process. A sample
 * adds what its counters grew since the previous sample to the interval it
 * falls in.
 */
export function createEventsOverTime({ intervalMs = 10_000, windowMs = 15 * 60_000 }: EventsOverTimeOptions = {}): EventsOverTime {
  if (!(intervalMs > 0) || !(windowMs >= intervalMs)) {
    throw new RangeError(`createEventsOverTime expects intervalMs > 0 and windowMs >= intervalMs; got intervalMs ${intervalMs}, windowMs ${windowMs}.`);
  }
  const ring: Slot[] = Array.from({ length: Math.ceil(windowMs / intervalMs) }, () => ({ index: -1, eventsIn: 0, eventsOut: 0 }));
  const indexOf = (at: number) => Math.floor(at / intervalMs);
  let last: EventCounts | undefined;
  let firstIndex: number | undefined;

  const slotFor = (index: number): Slot => {
    const slot = ring[index % ring.length]!;
    if (slot.index !== index) Object.assign(slot, { index, eventsIn: 0, eventsOut: 0 });
    return slot;
  };
  // A counter that went down (a product rebuilt in place) starts over from its new value rather than going negative.
  const growth = (now: number | undefined, before: number | undefined) => (now === undefined || before === undefined ? 0 : Math.max(0, now - before));

  return {
    sample(counts, at = Date.now()) {
      const index = indexOf(at);
      if (last) {
        const slot = slotFor(index);
        slot.eventsIn += growth(counts.eventsIn, last.eventsIn);
        slot.eventsOut += growth(counts.eventsOut, last.eventsOut);
      } else {
        firstIndex = index;
      }
      last = { eventsIn: counts.eventsIn, eventsOut: counts.eventsOut };
    },
    points(at = Date.now()) {
      if (!last || firstIndex === undefined) return [];
      const current = indexOf(at);
      const points: FigurePoint[] = [];
      for (let index = Math.max(firstIndex, current - ring.length + 1); index <= current; index++) {
        const slot = ring[index % ring.length]!;
        const held = slot.index === index;
        points.push({
          at: new Date(index * intervalMs).toISOString(),
          ...(last.eventsIn !== undefined ? { eventsIn: held ? slot.eventsIn : 0 } : {}),
          ...(last.eventsOut !== undefined ? { eventsOut: held ? slot.eventsOut : 0 } : {}),
        });
      }
      return points;
    },
  };
}
