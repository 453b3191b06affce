/**
 * `npm run bench:soak`: a gateway under a long, mixed load. BENCH_CLIENTS
 * graphql-ws clients (default 5,000) stay subscribed to every play, with
 * cross-domain fields, for BENCH_MINUTES (default 10) while plays are
 * appended at BENCH_RATE a second (default 5); meanwhile an analyst sends
 * the cross-domain charts query one after another, and an attacker sends
 * every input of `support/badInputs.ts` in a loop (one lane per input).
 * Through meshgraph and through `@graphql-hive/gateway` in the same run,
 * each gateway in its own process.
 *
 * Reports, per gateway: its resident set every BENCH_SAMPLE_SECONDS (default
 * 30) once the clients are subscribed, its growth from the first sample
 * to the last, and the lowest it fell to in the first and the last third
 * (the resident set is a saw; a leak raises its floor); the analyst's latency (p50, p99) and failures; what became of
 * each bad input (refused, accepted, no answer); plays lost or duplicated.
 * Then meshgraph ÷ hive. meshgraph logs errors only here: it warns of each
 * refused input, and the attacker sends thousands. MESHGRAPH_SCALE (demo data size, default 1),
 * BENCH_CLIENT_PROCESSES (default 2), BENCH_GATEWAYS (default meshgraph,hive).
 */
import { chartsQueryBody, PLAYS_SUBSCRIPTION, SUBSCRIPTION_GATEWAY_LABELS, SUBSCRIPTION_GATEWAYS, type SubscriptionGateway } from './support/benchQueries.ts';
import { fileURLToPath } from 'node:url';
import { readDemoDataOptions } from '../demo/index.ts';
import { BAD_INPUTS, type BadInputOutcome } from './support/badInputs.ts';
import { createProcessTracker, progress, ratio, readCount, readNames, within } from './support/benchSettings.ts';
import { createPlayAppender } from './support/createPlayAppender.ts';
import { startDemoSubgraphs } from './support/demoSubgraphs.ts';
import { forkService } from './support/forkService.ts';
import { PLAY_IDS, type SubscriberFigures, type Subscribers } from './support/forkSubscribers.ts';
import { percentiles, timedRequest, type Latency } from './support/measure.ts';
import { residentMemory } from './support/residentMemory.ts';
import { createSubscriberFleet } from './support/subscriberFleet.ts';

const GATEWAYS = SUBSCRIPTION_GATEWAYS;
type GatewayKind = SubscriptionGateway;
const LABELS = SUBSCRIPTION_GATEWAY_LABELS;
const GATEWAY_ENTRY = fileURLToPath(new URL('./support/gatewayServer.ts', import.meta.url));
/** How long a bad input or the analyst's query may take before it counts as unanswered. */
const BAD_INPUT_TIMEOUT_MS = 30_000;

const minutes = readCount('BENCH_MINUTES', 10);
const clients = readCount('BENCH_CLIENTS', 5000);
const rate = readCount('BENCH_RATE', 5);
const sampleSeconds = readCount('BENCH_SAMPLE_SECONDS', 30);
const processes = readCount('BENCH_CLIENT_PROCESSES', 2);
const gateways = readNames('BENCH_GATEWAYS', GATEWAYS);
const scale = process.env['MESHGRAPH_SCALE'] ?? '1';
const events = rate * minutes * 60;
const { track, stop: stopTracked } = createProcessTracker();

/** What one gateway did over the soak. */
interface Soak {
  /** Seconds since the clients were subscribed, and the gateway's resident set then (bytes). */
  rss: { at: number; bytes: number }[];
  analyst: { latency: Latency; answered: number; failed: number; firstFailure?: string };
  attacks: Map<string, Record<BadInputOutcome, number>>;
  expected: number;
  delivered: number;
  duplicates: number;
  /** Events that came with errors or without a cross-domain field. */
  badEvents: number;
  failedClients: number;
  problems: string[];
}

console.log(
  `soak: ${clients} graphql-ws clients subscribed to every play for ${minutes} min, ${rate} plays/s; an analyst querying the charts back to back; ` +
    `${BAD_INPUTS.length} bad inputs sent in a loop; demo data scale ${scale}`,
);
progress('starting the four demo subgraphs');
const demo = track(await startDemoSubgraphs({ MESHGRAPH_SCALE: scale, MESHGRAPH_LOG_LEVEL: 'error' }, { benchAppendsPlays: true }));
const results = new Map<GatewayKind, Soak | string>();
try {
  const appender = await createPlayAppender({ dataDir: demo.dataDir, data: readDemoDataOptions({ ...process.env, MESHGRAPH_SCALE: scale }) });
  const fleet = createSubscriberFleet(appender, track);
  try {
    for (const kind of gateways) {
      progress(`${LABELS[kind]}: ${clients} clients for ${minutes} min`);
      results.set(kind, await soak(kind).catch((error: unknown) => (error instanceof Error ? error.message : String(error))));
    }
  } finally {
    await appender.close();
  }

  async function soak(kind: GatewayKind): Promise<Soak> {
    const gateway = track(await forkService(kind, GATEWAY_ENTRY, [kind, demo.supergraphFile], { BENCH_SUBGRAPHS: JSON.stringify(demo.endpoints), BENCH_AUTHORIZATION: demo.authorization, BENCH_GATEWAY_LOG_LEVEL: 'error' }));
    let subscribers: Subscribers[] = [];
    try {
      const opened = await fleet.open({ url: gateway.url.replace(/^http/, 'ws'), query: PLAYS_SUBSCRIPTION, clients, processes, events, concurrency: 100 });
      subscribers = opened.subscribers;
      if (!(await fleet.warmUp(subscribers, 60_000 + clients * 20))) {
        throw new Error(`not every client received a play within ${60 + clients / 50} s of subscribing (${opened.connected} of ${clients} connected)`);
      }
      const started = performance.now();
      const elapsed = () => (performance.now() - started) / 1000;
      const end = started + minutes * 60_000;
      const running = () => performance.now() < end;

      const rss: Soak['rss'] = [];
      const sampler = (async () => {
        for (let next = 0; running(); next += sampleSeconds) {
          await pause(started + next * 1000 - performance.now());
          rss.push({ at: Math.round(elapsed()), bytes: await residentMemory(gateway.child.pid!) });
          progress(`${LABELS[kind]}: ${Math.round(elapsed())} s, ${(rss.at(-1)!.bytes / 2 ** 20).toFixed(0)} MB resident`);
        }
      })();

      const latencies: number[] = [];
      const analyst = { failed: 0, firstFailure: undefined as string | undefined };
      const analysing = (async () => {
        while (running()) {
          try {
            latencies.push(await timedRequest(gateway.url, chartsQueryBody('GB', 5), BAD_INPUT_TIMEOUT_MS));
          } catch (error) {
            analyst.failed++;
            analyst.firstFailure ??= error instanceof Error ? error.message : String(error);
          }
        }
      })();

      const attacks = new Map(BAD_INPUTS.map((input) => [input.name, { refused: 0, accepted: 0, timeout: 0 } satisfies Record<BadInputOutcome, number>]));
      const attacking = BAD_INPUTS.map(async (input) => {
        while (running()) attacks.get(input.name)![await input.send(gateway.url, BAD_INPUT_TIMEOUT_MS)]++;
      });

      const appended = new Float64Array(events);
      for (let i = 0; i < events; i++) {
        // On a fixed schedule: a late tick does not push the ones after it.
        await pause(started + (i * 1000) / rate - performance.now());
        appended[i] = appender.append(`${PLAY_IDS.measured}${i}`).appendedAt;
      }
      await Promise.all([sampler, analysing, ...attacking]);
      await within(Promise.all(subscribers.map((s) => s.request({ type: 'watchMeasured' }))), 10_000);
      const figures: SubscriberFigures[] = (await Promise.all(subscribers.map((s) => s.request({ type: 'report', appendedAt: appended })))).map((r) => r.figures);
      return {
        rss,
        analyst: { latency: percentiles(latencies), answered: latencies.length, ...analyst },
        attacks,
        expected: events * clients,
        delivered: figures.reduce((n, f) => n + f.latencies.length, 0),
        duplicates: figures.reduce((n, f) => n + f.duplicates, 0),
        badEvents: figures.reduce((n, f) => n + f.badEvents, 0),
        failedClients: figures.reduce((n, f) => n + f.failedClients, 0),
        problems: figures.flatMap((f) => f.problems).slice(0, 3),
      };
    } finally {
      await stopTracked(gateway);
      await Promise.all(subscribers.map(stopTracked));
    }
  }
} finally {
  await stopTracked(demo);
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const growth = (s: Soak) => s.rss.at(-1)!.bytes - s.rss[0]!.bytes;
let failures = 0;
for (const kind of gateways) {
  const s = results.get(kind)!;
  console.log(`\n${LABELS[kind]}`);
  if (typeof s === 'string') {
    failures++;
    console.log(`  not measured: ${s}`);
    continue;
  }
  console.log(`  resident set: ${s.rss.map((r) => `${r.at} s ${mb(r.bytes)}`).join(', ')}`);
  console.log(`  growth from the first sample to the last: ${mb(growth(s))} (${((growth(s) / s.rss[0]!.bytes) * 100).toFixed(1)}%)`);
  // Garbage collection makes the resident set a saw: what it falls back to tells a leak, not its peaks.
  const third = Math.max(1, Math.floor(s.rss.length / 3));
  const floor = (samples: Soak['rss']) => Math.min(...samples.map((r) => r.bytes));
  console.log(`  lowest in the first third ${mb(floor(s.rss.slice(0, third)))}, in the last third ${mb(floor(s.rss.slice(-third)))}; highest ${mb(Math.max(...s.rss.map((r) => r.bytes)))}`);
  console.log(
    `  analyst: ${s.analyst.answered} charts queries answered, p50 ${s.analyst.latency.p50.toFixed(1)} ms, p99 ${s.analyst.latency.p99.toFixed(1)} ms; ` +
      `${s.analyst.failed} failed${s.analyst.firstFailure ? ` (first: ${s.analyst.firstFailure.slice(0, 200)})` : ''}`,
  );
  console.log(`  plays: ${s.delivered} of ${s.expected} delivered whole, ${s.badEvents} with errors or missing fields, ${s.duplicates} duplicates, ${s.failedClients} clients failed${s.problems.length ? `; e.g. ${s.problems.join(' | ')}` : ''}`);
  for (const [name, outcome] of s.attacks) console.log(`  ${name.padEnd(58)} refused ${outcome.refused}, accepted ${outcome.accepted}, unanswered ${outcome.timeout}`);
}
const ours = results.get('meshgraph');
const hive = results.get('hive');
if (ours && hive && typeof ours !== 'string' && typeof hive !== 'string') {
  console.log(
    `\nmeshgraph ÷ hive: resident set at the end ${ratio(ours.rss.at(-1)!.bytes, hive.rss.at(-1)!.bytes)}, growth ${ratio(growth(ours), growth(hive))}, ` +
      `analyst p99 ${ratio(ours.analyst.latency.p99, hive.analyst.latency.p99)} (below 1: meshgraph does better)`,
  );
}
if (failures > 0) process.exitCode = 1;

function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
