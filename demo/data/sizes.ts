/**
 * Options of the generators and the sizes of the world they produce.
 */

/** Options shared by every generator. */
export interface DemoDataOptions {
  /** Seed of every generator; the same seed gives the same world. @default 'meshgraph' */
  seed?: string;
  /** Multiplier of every size; 10 gives ten times more data. @default 1 */
  scale?: number;
}

/** How many records of each kind the world holds. */
export interface DemoSizes {
  artists: number;
  listeners: number;
  podcasts: number;
  episodes: number;
  plays: number;
}

/** Options with their defaults applied and the sizes they imply. */
export interface ResolvedOptions {
  seed: string;
  scale: number;
  sizes: DemoSizes;
}

/** The seed used when none is given. */
export const DEFAULT_SEED = 'meshgraph';

const BASE_SIZES: Readonly<DemoSizes> = {
  artists: 2_000,
  listeners: 30_000,
  podcasts: 3_000,
  episodes: 40_000,
  plays: 300_000,
};

/**
 * The sizes of the world at a scale: each base size times `scale`, rounded,
 * and at least 1. Throws a RangeError unless scale is a finite number > 0.
 */
export function demoSizes(scale: number): DemoSizes {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`demo data scale must be a finite number greater than 0, got ${String(scale)}`);
  }
  const size = (base: number): number => Math.max(1, Math.round(base * scale));
  return {
    artists: size(BASE_SIZES.artists),
    listeners: size(BASE_SIZES.listeners),
    podcasts: size(BASE_SIZES.podcasts),
    // Never fewer than podcasts (40_000 > 3_000 and rounding is monotonic), so each podcast gets an episode.
    episodes: size(BASE_SIZES.episodes),
    plays: size(BASE_SIZES.plays),
  };
}

/** Applies the defaults of the options and validates them. */
export function resolveOptions(options: DemoDataOptions = {}): ResolvedOptions {
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed !== 'string') throw new TypeError(`demo data seed must be a string, got ${typeof seed}`);
  const scale = options.scale ?? 1;
  return { seed, scale, sizes: demoSizes(scale) };
}
