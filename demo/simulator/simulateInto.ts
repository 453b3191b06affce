import { SpanKind } from '@opentelemetry/api';
import type { Logger } from '../../logger/index.ts';
import { withSpan } from '../../telemetry/index.ts';
import type { Random } from '../data/index.ts';
import { startTicker, type Ticker } from './startTicker.ts';

/** Options of `simulateInto`. */
export interface SimulateIntoOptions<T> {
  /** Publishes facts, as the domain's live-source feed offers it (e.g. on the plays topic). */
  append: (facts: readonly T[]) => Promise<unknown>;
  logger: Logger;
  /** Facts per second; 0 simulates nothing. */
  ratePerSecond: number;
  /** The random draws of the simulation. */
  random: Random;
  /** The facts so far: each new fact is shaped like one of them (taken once, at the start); none simulates nothing. */
  templates: readonly T[];
  /** Makes fact number `number` (counting on from the templates) from a template drawn with `random`. */
  make: (random: Random, templates: readonly T[], number: number) => T;
  /** The simulated system, for log lines, e.g. `the player apps`. */
  source: string;
}

/**
 * Publishes simulated facts at a steady rate, as an operational system
 * would (each tick in a span of its own, so each starts a trace when tracing
 * is on), and says so in the log. Undefined when the rate is 0 or there is
 * no template; a failed append is logged and tried again on the next tick.
 */
export function simulateInto<T>(options: SimulateIntoOptions<T>): Ticker | undefined {
  const { append, logger, ratePerSecond, random, make, source } = options;
  if (ratePerSecond <= 0 || options.templates.length === 0) return undefined;
  const templates = options.templates.slice();
  let next = templates.length + 1;
  logger.info(`simulating ${source}`, { perSecond: ratePerSecond });
  return startTicker(
    ratePerSecond,
    // Each tick is the simulated system's own trace: what the mesh does with the facts continues it.
    (count) =>
      withSpan(`simulate ${source}`, { kind: SpanKind.PRODUCER, root: true }, async () => {
        await append(Array.from({ length: count }, () => make(random, templates, next++)));
      }),
    (error) => logger.warn(`facts simulated for ${source} could not be appended; retrying on the next tick`, { err: error }),
  );
}
