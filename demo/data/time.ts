/**
 * The clock of the generated world: a fixed "now" and helpers to place facts
 * in time and to delay their recording.
 */
import type { Random } from './random.ts';

/** The fixed "now" of the generated world, so output never depends on the clock. */
export const DEMO_EPOCH = '2026-11-01T00:00:00.000Z';

/** DEMO_EPOCH in milliseconds since 1970. */
export const EPOCH_MS = Date.parse(DEMO_EPOCH);

const LOADED_MS = Date.now();

/**
 * The clock the demo's domains age their records on: DEMO_EPOCH when the
 * process started, moving on with real time since. The generated world is
 * placed before DEMO_EPOCH, so it stays within its products' retention
 * whatever the calendar says (on the real clock, plays of May 2026 would
 * leave the one-year charts in May 2027).
 */
export function demoClock(): number {
  return EPOCH_MS + (Date.now() - LOADED_MS);
}

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;

/** One day in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;

/** Longest delay between a fact and its recording. */
export const MAX_RECORDING_DELAY_MS = 15 * 60_000;

/** Latest instant a fact may occur, so that even a late recording is before DEMO_EPOCH. */
export const HORIZON_MS = EPOCH_MS - HOUR_MS;

/** Plays span the 180 days before DEMO_EPOCH. */
export const PLAY_WINDOW_START_MS = EPOCH_MS - 180 * DAY_MS;

/** Milliseconds of a UTC calendar date. */
export function utcMs(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/**
 * A whole-millisecond instant in [fromMs, toMs]. growth > 1 makes recent
 * instants likelier, like a platform whose audience keeps growing.
 */
export function pastInstant(random: Random, fromMs: number, toMs: number, growth = 1): number {
  const position = Math.pow(random.next(), 1 / growth);
  return Math.floor(fromMs + position * (toMs - fromMs));
}

/**
 * How long after a fact the mesh records it: mostly well under two seconds,
 * a few percent minutes late (a consumer lagging or replaying).
 */
export function recordingDelayMs(random: Random): number {
  if (random.chance(0.04)) return random.int(60_000, MAX_RECORDING_DELAY_MS);
  // Squaring skews towards the fast path of a healthy pipeline.
  const position = random.next();
  return 15 + Math.floor(position * position * 1_900);
}

const ZERO = 48;
let cachedDay = Number.NaN;
let cachedYear = 0;
let cachedMonth = 0;
let cachedDate = 0;

/**
 * An ISO-8601 UTC string with milliseconds, exactly as
 * `new Date(ms).toISOString()` gives it. Formatting 600k timestamps that way
 * dominated generatePlays, so years 1000–9999 are formatted by hand into a
 * flat string, caching the calendar date of the last day seen.
 */
export function toIso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    const date = new Date(day * DAY_MS);
    cachedYear = date.getUTCFullYear();
    cachedMonth = date.getUTCMonth() + 1;
    cachedDate = date.getUTCDate();
    cachedDay = day;
  }
  const year = cachedYear;
  if (!Number.isInteger(ms) || year < 1000 || year > 9999) return new Date(ms).toISOString();
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  rest -= hours * HOUR_MS;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const month = cachedMonth;
  const date = cachedDate;
  return String.fromCharCode(
    ZERO + Math.floor(year / 1000), ZERO + (Math.floor(year / 100) % 10), ZERO + (Math.floor(year / 10) % 10), ZERO + (year % 10), 45,
    ZERO + Math.floor(month / 10), ZERO + (month % 10), 45, ZERO + Math.floor(date / 10), ZERO + (date % 10), 84,
    ZERO + Math.floor(hours / 10), ZERO + (hours % 10), 58, ZERO + Math.floor(minutes / 10), ZERO + (minutes % 10), 58,
    ZERO + Math.floor(seconds / 10), ZERO + (seconds % 10), 46,
    ZERO + Math.floor(millis / 100), ZERO + (Math.floor(millis / 10) % 10), ZERO + (millis % 10), 90,
  );
}
