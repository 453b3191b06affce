import type { ApolloServerPlugin } from '@apollo/server';
import type { ConsumptionRecorder } from './consumptionRecorder.ts';
import type { DamagedRange } from '../../eventlog/embedded/index.ts';
import type { DataProductFigures } from '../../schema/index.ts';
import type { DataProductDefinition } from './dataProduct.ts';
import type { SubgraphContext } from './Domain.ts';
import { createRateMeter, type RateMeter } from './rateMeter.ts';

/** How often the rates of a product's counters are sampled. */
const SAMPLE_EVERY_MS = 5_000;

/**
 * The figures the discovery port shows for each data product: what the
 * product measures itself, plus what the kit measures for it — rates of
 * events in and out over the last minute, its recent consumers, and the
 * records of its topics that `damage` (the event log's report) says are lost,
 * and the records `expired` says it no longer serves, past its retention.
 */
export function createLiveFigures(
  products: readonly DataProductDefinition[],
  recorder: ConsumptionRecorder,
  damage: () => readonly DamagedRange[] = () => [],
  expired: (product: string) => number = () => 0,
) {
  const topicsOf = new Map(products.map((p) => [p.name, new Set(p.outputPorts.flatMap((port) => (port.kind === 'topic' ? [port.topic] : [])))]));
  const lostRecords = (name: string) =>
    damage().reduce((lost, range) => lost + (topicsOf.get(name)?.has(range.topic) ? range.endOffset - range.firstOffset : 0), 0);
  const meters = new Map<string, { in: RateMeter; out: RateMeter }>(products.map((p) => [p.name, { in: createRateMeter(), out: createRateMeter() }]));
  const measure = (name: string) => products.find((p) => p.name === name)?.measure?.();
  const sample = (name: string, measured: DataProductFigures | undefined) => {
    const meter = meters.get(name)!;
    if (measured?.eventsIn !== undefined) meter.in.sample(measured.eventsIn);
    if (measured?.eventsOut !== undefined) meter.out.sample(measured.eventsOut);
  };
  const timer = setInterval(() => {
    for (const product of products) sample(product.name, measure(product.name));
  }, SAMPLE_EVERY_MS);
  timer.unref();
  return {
    recorder,
    of(name: string): DataProductFigures | null {
      const measured = measure(name);
      if (!measured) return null;
      sample(name, measured);
      const meter = meters.get(name)!;
      const lost = lostRecords(name);
      const expiredRecords = expired(name);
      return {
        ...measured,
        ...(lost > 0 ? { lostRecords: lost } : {}),
        ...(expiredRecords > 0 ? { expiredRecords } : {}),
        ...(measured.eventsIn !== undefined ? { eventsInPerSecond: meter.in.perSecond() } : {}),
        ...(measured.eventsOut !== undefined ? { eventsOutPerSecond: meter.out.perSecond() } : {}),
        consumers: recorder.consumersOf(name),
      };
    },
    stop: () => clearInterval(timer),
  };
}

/** Records who consumed which product, for every operation over HTTP. */
export function consumptionPlugin(recorder: ConsumptionRecorder): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          recorder.record(contextValue.clientName, document, request.operationName, request.variables);
        },
      };
    },
  };
}
