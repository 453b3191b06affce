import type { ApolloServerPlugin } from '@apollo/server';
import type { ConsumptionRecorder } from './consumptionRecorder.ts';
import type { DamagedRange } from '../../eventlog/embedded/index.ts';
import type { DataProductFigures } from '../../schema/index.ts';
import { definitionUrn, type DataProductDefinition } from './dataProduct.ts';
import type { SubgraphContext } from './Domain.ts';
import { createEventsOverTime, type EventsOverTime } from './eventsOverTime.ts';
import { createRateMeter, type RateMeter } from './rateMeter.ts';

/** How often the rates of a product's counters are sampled. */
const SAMPLE_EVERY_MS = 5_000;

/**
 * The figures the discovery port shows for each data product: what the
 * product measures itself, plus what the kit measures for it — rates of
 * events in and out over the last minute and per 10 s over the last 15
 * minutes (`eventsOverTime`), its recent consumers, and the
 * records of its topics that `damage` (the event log's report) says are lost,
 * and the records `expired` says it no longer serves, past its retention.
 * Products are told apart by URN: two majors of one name are two products.
 */
export function createLiveFigures(
  domain: string,
  definitions: readonly DataProductDefinition[],
  recorder: ConsumptionRecorder,
  damage: () => readonly DamagedRange[] = () => [],
  expired: (urn: string) => number = () => 0,
) {
  const products = definitions.map((definition) => ({ urn: definitionUrn(domain, definition), definition }));
  const topicsOf = new Map(products.map(({ urn, definition: p }) => [urn, new Set(p.outputPorts.flatMap((port) => (port.kind === 'topic' ? [port.topic] : [])))]));
  const lostRecords = (urn: string) =>
    damage().reduce((lost, range) => lost + (topicsOf.get(urn)?.has(range.topic) ? range.endOffset - range.firstOffset : 0), 0);
  const meters = new Map<string, { in: RateMeter; out: RateMeter; overTime: EventsOverTime }>(
    products.map(({ urn }) => [urn, { in: createRateMeter(), out: createRateMeter(), overTime: createEventsOverTime() }]),
  );
  let startedAt: number | undefined;
  const measure = (urn: string) => products.find((p) => p.urn === urn)?.definition.measure?.();
  const sample = (urn: string, measured: DataProductFigures | undefined) => {
    const meter = meters.get(urn)!;
    if (measured?.eventsIn !== undefined) meter.in.sample(measured.eventsIn);
    if (measured?.eventsOut !== undefined) meter.out.sample(measured.eventsOut);
    if (measured && startedAt !== undefined) meter.overTime.sample(measured);
  };
  // Fed: its newest record happened after the domain started. Records it caught up on (its history, a backlog) did not.
  const fedSinceStart = (measured: DataProductFigures) =>
    startedAt === undefined ? undefined : measured.lastEventAt !== undefined && Date.parse(measured.lastEventAt) > startedAt;
  const timer = setInterval(() => {
    for (const { urn } of products) sample(urn, measure(urn));
  }, SAMPLE_EVERY_MS);
  timer.unref();
  return {
    recorder,
    /** The figures of the product `urn`. */
    of(urn: string): DataProductFigures | null {
      const measured = measure(urn);
      if (!measured) return null;
      sample(urn, measured);
      const fed = fedSinceStart(measured);
      const meter = meters.get(urn)!;
      const lost = lostRecords(urn);
      const expiredRecords = expired(urn);
      return {
        ...measured,
        ...(fed !== undefined ? { fedSinceStart: fed } : {}),
        ...(lost > 0 ? { lostRecords: lost } : {}),
        ...(expiredRecords > 0 ? { expiredRecords } : {}),
        ...(measured.eventsIn !== undefined ? { eventsInPerSecond: meter.in.perSecond() } : {}),
        ...(measured.eventsOut !== undefined ? { eventsOutPerSecond: meter.out.perSecond() } : {}),
        ...(measured.eventsIn !== undefined || measured.eventsOut !== undefined ? { eventsOverTime: meter.overTime.points() } : {}),
        consumers: recorder.consumersOf(urn),
      };
    },
    /** The domain started, at `at` on its clock: a product whose newest record happened since was fed. */
    started(at: number) {
      startedAt = at;
      // The baseline of the events over time: what it read back while starting is no point of it.
      for (const { urn } of products) sample(urn, measure(urn));
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
