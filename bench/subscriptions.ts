/**
 * `npm run bench:subscriptions`: N WebSocket clients (the official
 * `graphql-ws` client on `ws`, graphql-transport-ws) on one gateway, all
 * subscribed to the demo mesh's plays with cross-domain fields (the play from
 * podcasts, its host from artists, its listener from listeners), while the
 * benchmark appends plays to the event log at a fixed rate. Through
 * meshgraph and through `@graphql-hive/gateway` in the same run; each gateway
 * in its own process, a fresh one for every scenario.
 *
 * For each gateway and N: events per second delivered (over all clients),
 * latency from the append to the client (p50, p99), events lost (every
 * client should get every play: plays × N), and the gateway's memory per
 * subscription (its resident set once all are subscribed, minus before, over
 * N). Then meshgraph ÷ hive for each figure.
 *
 * The clients are spread over BENCH_CLIENT_PROCESSES forked processes
 * (default 2), so that one process' event loop decoding 100,000 messages a
 * second is not what is measured.
 *
 * BENCH_CLIENTS (default 1000,5000), BENCH_RATE (plays per second, default 20),
 * BENCH_SECONDS (of appending, default 10), BENCH_DRAIN_SECONDS (waited after
 * the last append for late events, default 5), BENCH_ROUNDS (default 1; the
 * gateways' order alternates), BENCH_GATEWAYS (default meshgraph,hive),
 * BENCH_CONNECT_CONCURRENCY (connections opening at once per process, default
 * 100), MESHGRAPH_SCALE (demo data size, default 1).
 */
import { PLAYS_SUBSCRIPTION, SUBSCRIPTION_GATEWAY_LABELS, SUBSCRIPTION_GATEWAYS, type SubscriptionGateway } from './support/benchQueries.ts';
import { fileURLToPath } from 'node:url';
import { readDemoDataOptions } from '../demo/index.ts';
import { createPlayAppender } from './support/createPlayAppender.ts';
import { startDemoSubgraphs } from './support/demoSubgraphs.ts';
import { forkService, type ForkedService } from './support/forkService.ts';
import { createProcessTracker, progress, ratio, readCount, readCounts, readNames, within } from './support/benchSettings.ts';
import { PLAY_IDS, type SubscriberFigures, type Subscribers } from './support/forkSubscribers.ts';
import { createSubscriberFleet } from './support/subscriberFleet.ts';
import { percentiles, type Latency } from './support/measure.ts';
import { residentMemory } from './support/residentMemory.ts';

const GATEWAYS = SUBSCRIPTION_GATEWAYS;
type GatewayKind = SubscriptionGateway;
const LABELS = SUBSCRIPTION_GATEWAY_LABELS;

const clientCounts = readCounts('BENCH_CLIENTS', '1000,5000');
const rate = readCount('BENCH_RATE', 20);
const seconds = readCount('BENCH_SECONDS', 10);
const drainSeconds = readCount('BENCH_DRAIN_SECONDS', 5);
const rounds = readCount('BENCH_ROUNDS', 1);
const processes = readCount('BENCH_CLIENT_PROCESSES', 2);
const connectConcurrency = readCount('BENCH_CONNECT_CONCURRENCY', 100);
const gateways = readNames('BENCH_GATEWAYS', GATEWAYS);
const scale = process.env['MESHGRAPH_SCALE'] ?? '1';
const events = rate * seconds;
/** Clients of the end-to-end check before a gateway is measured. */
const CHECK_CLIENTS = 4;

const GATEWAY_ENTRY = fileURLToPath(new URL('./support/gatewayServer.ts', import.meta.url));

/** What one gateway did with N clients in one round. */
type Outcome =
  | {
      status: 'measured';
      clients: number;
      subscribeSeconds: number;
      /** Measured plays × clients. */
      expected: number;
      delivered: number;
      latencies: Float64Array[];
      /** From the first measured append to the last measured delivery. */
      windowSeconds: number;
      bytesPerSubscription: number;
      duplicates: number;
      badEvents: number;
      failedClients: number;
      problems: string[];
    }
  | { status: 'failed'; clients: number; reason: string };

const { track, stop: stopTracked } = createProcessTracker();

console.log(
  `subscriptions: ${clientCounts.join(' and ')} graphql-ws clients on one gateway, each subscribed to every play with cross-domain fields; ` +
    `${rate} plays/s appended for ${seconds} s, up to ${drainSeconds} s more for late events; clients spread over ${processes} processes; ` +
    `${rounds} round(s), demo data scale ${scale}`,
);
progress('starting the four demo subgraphs');
// Errors only: a gateway stopped with thousands of subscriptions open makes podcasts warn once for each of them.
const demo = track(await startDemoSubgraphs({ MESHGRAPH_SCALE: scale, MESHGRAPH_LOG_LEVEL: 'error' }, { benchAppendsPlays: true }));
const outcomes = new Map<string, Outcome[]>();
const keyOf = (kind: GatewayKind, clients: number) => `${kind}:${clients}`;
try {
  progress('opening the event log and the demo world to make plays');
  const appender = await createPlayAppender({ dataDir: demo.dataDir, data: readDemoDataOptions({ ...process.env, MESHGRAPH_SCALE: scale }) });
  const fleet = createSubscriberFleet(appender, track);
  const subscribe = (url: string, clients: number, processes: number) => fleet.open({ url, query: PLAYS_SUBSCRIPTION, clients, processes, events, concurrency: connectConcurrency });
  const { warmUp } = fleet;

  /** A handful of clients get a play with every cross-domain field through the gateway, or the reason why not. */
  const checkEndToEnd = async (url: string): Promise<string | undefined> => {
    const { subscribers, connected, failures } = await subscribe(url, CHECK_CLIENTS, 1);
    try {
      if (connected < CHECK_CLIENTS) return `${CHECK_CLIENTS - connected} of ${CHECK_CLIENTS} clients could not subscribe: ${failures.join('; ')}`;
      const warm = await warmUp(subscribers, 15_000);
      const { figures } = await subscribers[0]!.request({ type: 'report', appendedAt: new Float64Array(events) });
      if (!warm || figures.badEvents > 0 || figures.failedClients > 0) {
        return `the check with ${CHECK_CLIENTS} clients failed${warm ? '' : ' (no play reached every client in 15 s)'}: ${figures.problems.join('; ') || 'no event arrived'}`;
      }
      return undefined;
    } finally {
      await Promise.all(subscribers.map(stopTracked));
    }
  };

  const measure = async (kind: GatewayKind, clients: number): Promise<Outcome> => {
    const gateway: ForkedService = track(await forkService(kind, GATEWAY_ENTRY, [kind, demo.supergraphFile], { BENCH_SUBGRAPHS: JSON.stringify(demo.endpoints), BENCH_AUTHORIZATION: demo.authorization }));
    let subscribers: Subscribers[] = [];
    try {
      const url = gateway.url.replace(/^http/, 'ws');
      const broken = await checkEndToEnd(url);
      if (broken) return { status: 'failed', clients, reason: broken };
      const rssBefore = await residentMemory(gateway.child.pid!);

      const subscribeStarted = performance.now();
      const opened = await subscribe(url, clients, processes);
      subscribers = opened.subscribers;
      if (!(await warmUp(subscribers, 60_000 + clients * 20))) {
        return { status: 'failed', clients, reason: `not every client received a play within ${60 + clients / 50} s of subscribing (${opened.connected} of ${clients} connected)` };
      }
      const subscribeSeconds = (performance.now() - subscribeStarted) / 1000;
      const rssAfter = await residentMemory(gateway.child.pid!);

      progress(`${LABELS[kind]}, ${clients} clients: ${events} plays at ${rate}/s`);
      const appendedAt = new Float64Array(events);
      const durable: Promise<unknown>[] = [];
      const started = performance.now();
      for (let i = 0; i < events; i++) {
        // On a fixed schedule: a late tick does not push the ones after it.
        const wait = started + (i * 1000) / rate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const append = appender.append(`${PLAY_IDS.measured}${i}`);
        appendedAt[i] = append.appendedAt;
        durable.push(append.durable);
      }
      await Promise.all(durable);
      await within(Promise.all(subscribers.map((s) => s.request({ type: 'watchMeasured' }))), drainSeconds * 1000);
      const figures: SubscriberFigures[] = (await Promise.all(subscribers.map((s) => s.request({ type: 'report', appendedAt })))).map((r) => r.figures);
      const delivered = figures.reduce((n, f) => n + f.latencies.length, 0);
      const lastArrival = Math.max(...figures.map((f) => f.lastArrival));
      return {
        status: 'measured',
        clients,
        subscribeSeconds,
        expected: events * clients,
        delivered,
        latencies: figures.map((f) => f.latencies),
        windowSeconds: delivered > 0 ? (lastArrival - appendedAt[0]!) / 1000 : seconds,
        bytesPerSubscription: (rssAfter - rssBefore) / clients,
        duplicates: figures.reduce((n, f) => n + f.duplicates, 0),
        badEvents: figures.reduce((n, f) => n + f.badEvents, 0),
        failedClients: figures.reduce((n, f) => n + f.failedClients, 0) + (clients - figures.reduce((n, f) => n + f.clients, 0)),
        problems: figures.flatMap((f) => f.problems),
      };
    } finally {
      // The gateway first: a busy one would otherwise see thousands of clients go while it still writes to them.
      await stopTracked(gateway);
      await Promise.all(subscribers.map(stopTracked));
    }
  };

  try {
    for (let round = 1; round <= rounds; round++) {
      // The order alternates, so drift on a shared machine touches every gateway alike.
      const order = round % 2 === 1 ? gateways : [...gateways].reverse();
      for (const clients of clientCounts) {
        for (const kind of order) {
          progress(`round ${round}/${rounds}: ${LABELS[kind]} with ${clients} clients`);
          // A scenario that breaks (a process gone, a gateway that cannot start) is reported; the others still run.
          const outcome = await measure(kind, clients).catch((error: unknown): Outcome => ({ status: 'failed', clients, reason: error instanceof Error ? error.message : String(error) }));
          if (outcome.status === 'failed') progress(`${LABELS[kind]} with ${clients} clients failed: ${outcome.reason}`);
          outcomes.set(keyOf(kind, clients), [...(outcomes.get(keyOf(kind, clients)) ?? []), outcome]);
        }
      }
    }
  } finally {
    await appender.close();
  }
} finally {
  await stopTracked(demo);
}

/** One gateway's figures for N clients, pooled over the rounds. */
interface Figures {
  subscribeSeconds: number;
  eventsPerSecond: number;
  latency: Latency;
  expected: number;
  lost: number;
  bytesPerSubscription: number;
  duplicates: number;
  badEvents: number;
  failedClients: number;
  problems: string[];
}

function pool(list: readonly Outcome[]): Figures | string {
  const failure = list.find((o) => o.status === 'failed');
  if (failure?.status === 'failed') return failure.reason;
  const measured = list.filter((o) => o.status === 'measured');
  const sum = (of: (o: (typeof measured)[number]) => number) => measured.reduce((n, o) => n + of(o), 0);
  const latencies = measured.flatMap((o) => o.latencies.flatMap((l) => Array.from(l)));
  const delivered = sum((o) => o.delivered);
  return {
    subscribeSeconds: sum((o) => o.subscribeSeconds) / measured.length,
    eventsPerSecond: delivered / sum((o) => o.windowSeconds),
    latency: latencies.length > 0 ? percentiles(latencies) : { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, mean: Number.NaN },
    expected: sum((o) => o.expected),
    lost: sum((o) => o.expected) - delivered,
    bytesPerSubscription: sum((o) => o.bytesPerSubscription) / measured.length,
    duplicates: sum((o) => o.duplicates),
    badEvents: sum((o) => o.badEvents),
    failedClients: sum((o) => o.failedClients),
    problems: measured.flatMap((o) => o.problems).slice(0, 3),
  };
}

const cell = (text: string, width: number) => text.padStart(width);
let failures = 0;
console.log(
  `\n${events} plays per scenario. events/s: delivered, summed over the clients (clients × ${rate} when every client keeps up); latency: from the append to the client; ` +
    `lost: not delivered by ${drainSeconds} s after the last append; memory: the gateway's resident set once all are subscribed, minus before, per subscription`,
);
console.log('clients  gateway                 subscribe s   events/s   p50 ms   p99 ms   lost (of expected)   KB/subscription');
for (const clients of clientCounts) {
  const rows = new Map<GatewayKind, Figures>();
  for (const kind of gateways) {
    const figures = pool(outcomes.get(keyOf(kind, clients)) ?? []);
    if (typeof figures === 'string') {
      failures++;
      console.log(`${String(clients).padEnd(8)} ${LABELS[kind].padEnd(23)} not measured: ${figures}`);
      continue;
    }
    rows.set(kind, figures);
    const f = figures;
    console.log(
      `${String(clients).padEnd(8)} ${LABELS[kind].padEnd(23)} ${cell(f.subscribeSeconds.toFixed(1), 11)} ${cell(f.eventsPerSecond.toFixed(0), 10)} ${cell(f.latency.p50.toFixed(1), 8)} ${cell(f.latency.p99.toFixed(1), 8)} ` +
        `${cell(`${f.lost} (of ${f.expected})`, 20)} ${cell((f.bytesPerSubscription / 1024).toFixed(1), 17)}`,
    );
    const notes = [
      f.failedClients > 0 ? `${f.failedClients} clients failed` : '',
      f.badEvents > 0 ? `${f.badEvents} events with errors or missing fields` : '',
      f.duplicates > 0 ? `${f.duplicates} duplicates` : '',
    ].filter(Boolean);
    if (notes.length > 0) console.log(`${' '.repeat(33)}${notes.join(', ')}${f.problems.length > 0 ? `; e.g. ${f.problems.join(' | ')}` : ''}`);
  }
  const ours = rows.get('meshgraph');
  const hive = rows.get('hive');
  if (ours && hive) {
    console.log(
      `${String(clients).padEnd(8)} ${'meshgraph ÷ hive'.padEnd(23)} ${cell(ratio(ours.subscribeSeconds, hive.subscribeSeconds), 11)} ${cell(ratio(ours.eventsPerSecond, hive.eventsPerSecond), 10)} ` +
        `${cell(ratio(ours.latency.p50, hive.latency.p50), 8)} ${cell(ratio(ours.latency.p99, hive.latency.p99), 8)} ${cell(hive.lost === 0 ? `${ours.lost} vs 0` : ratio(ours.lost, hive.lost), 20)} ` +
        `${cell(ratio(ours.bytesPerSubscription, hive.bytesPerSubscription), 17)}`,
    );
  }
}
console.log('ratio: meshgraph\'s figure divided by hive\'s in the same run (events/s above 1, the others below 1, mean meshgraph does better).');
if (failures > 0) process.exitCode = 1;
