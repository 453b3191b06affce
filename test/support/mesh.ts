import { createGateway, type Gateway, type GatewayOptions, type SubgraphEndpoint } from '../../gateway/index.ts';
import { createKafkaLog } from '../../eventlog/kafka/index.ts';
import { startKafkaTestBroker } from './kafkaBroker/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import type { Authenticator } from '../../governance/Governance.ts';
import type { DemoDataOptions } from '../../demo/index.ts';
import { createDemoArtistsDomain, createDemoInsightsDomain, createDemoListenersDomain, createDemoPodcastsDomain } from '../../demo/domains/index.ts';
import { createSubgraphServer, type SubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from './captureLogger.ts';
import { createTempDir } from './tempDir.ts';
import { createTempLog } from './tempLog.ts';

/** Data options of test meshes: small enough to build in milliseconds, big enough to page and rank. */
export const TEST_DATA = { seed: 'meshgraph-test', scale: 0.02 } as const;

/** A quarter of TEST_DATA (1,500 plays), for tests where how much data there is does not matter. */
export const SMALL_TEST_DATA = { seed: 'meshgraph-test', scale: 0.005 } as const;

/** The four demo domains with their stores, so tests can compare answers with the data. */
export function createTestDomains(data: DemoDataOptions = TEST_DATA) {
  return {
    listeners: createDemoListenersDomain(data),
    podcasts: createDemoPodcastsDomain(data),
    artists: createDemoArtistsDomain(data),
    insights: createDemoInsightsDomain(),
  };
}

export type TestDomains = ReturnType<typeof createTestDomains>;
export type DomainName = keyof TestDomains;

/** Producers first, so consumers find the history in the log; the consumers then start side by side. */
const PRODUCERS = ['listeners', 'podcasts'] as const satisfies readonly DomainName[];
const CONSUMERS = ['artists', 'insights'] as const satisfies readonly DomainName[];

/** Options of test subgraphs. */
export interface TestSubgraphsOptions<N extends DomainName = DomainName> {
  /**
   * The domains to run, when a test is about some of them. Consumers need
   * their producers for data: artists reads the plays of podcasts, insights
   * the plays and the sign-ups of listeners. A gateway needs an owner of each
   * polyseme a running domain refers to: podcasts refers to Listener
   * (listeners or insights) and Artist (artists).
   * @default every domain of `domains`
   */
  only?: readonly N[];
  /** Built domains to run. @default createTestDomains(data) */
  domains?: TestDomains;
  /** Data of the domains built here when `domains` is not given. @default TEST_DATA */
  data?: DemoDataOptions;
  /** The event log the domains share: embedded in a temporary folder, or Kafka on the test broker. @default 'embedded' */
  eventLog?: 'embedded' | 'kafka';
  /** Who the domains' ports answer (see `createSubgraphServer`). @default none: they answer anyone */
  authenticator?: Authenticator;
}

/** Demo subgraphs running on port 0 over one event log, without a gateway. */
export interface TestSubgraphs<N extends DomainName = DomainName> {
  /** The running domains, with their stores to compare answers with. */
  domains: Pick<TestDomains, N>;
  /** The event log every domain shares: embedded (in a temporary folder) or Kafka (the test broker). */
  log: EventLog;
  dataDir: string;
  subgraphs: Record<N, SubgraphServer>;
  /** Stops a subgraph (as if it crashed). */
  stopSubgraph(name: N): Promise<void>;
  /** Starts a stopped subgraph again on the same port. */
  restartSubgraph(name: N): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts demo subgraphs (all four, or `only` some) on free ports over one
 * event log, for tests that talk to the subgraphs themselves. Everything
 * started is closed again if a later step fails.
 */
export async function startSubgraphs<N extends DomainName = DomainName>(options: TestSubgraphsOptions<N> = {}): Promise<TestSubgraphs<N>> {
  const { data = TEST_DATA, domains: built = createTestDomains(data), eventLog = 'embedded' } = options;
  const names = options.only ?? (Object.keys(built) as N[]);
  const domains = Object.fromEntries(names.map((name) => [name, built[name]])) as Pick<TestDomains, N>;
  const subgraphs = {} as Record<N, SubgraphServer>;
  const closing: [part: string, close: (watch: ClosingWatch) => Promise<void>][] = [];
  const close = () =>
    watchClosing('the test subgraphs', async (watch) => {
      for (const [part, step] of closing.splice(0).reverse()) await watch.part(part, step(watch));
    });
  try {
    let log: EventLog;
    let dataDir: string;
    if (eventLog === 'kafka') {
      // kafkajs over TCP to the Kafka-protocol test broker; the folder keeps the domains' checkpoints.
      const dir = await createTempDir();
      closing.push(['temporary folder', dir.close]);
      const broker = await startKafkaTestBroker({ autoCreateTopics: false });
      closing.push(['Kafka test broker', () => broker.close()]);
      const kafka = await createKafkaLog({ brokers: [broker.address], logger: captureLogger('kafka') });
      closing.push(['Kafka event log', () => kafka.close()]);
      [log, dataDir] = [kafka, dir.path];
    } else {
      const temp = await createTempLog();
      closing.push(['embedded event log', temp.close]);
      [log, dataDir] = [temp.log, temp.dataDir];
    }
    const start = async (name: N, port = 0) =>
      (subgraphs[name] = await createSubgraphServer({ domain: built[name], port, logger: captureLogger(name), log, dataDir, authenticator: options.authenticator }));
    closing.push(['subgraphs', async (watch) => void (await Promise.all(names.map((name) => watch.part(`subgraph ${name}`, subgraphs[name]?.close()))))]);
    const running = (order: readonly DomainName[]) => order.filter((name): name is N => (names as readonly DomainName[]).includes(name));
    for (const name of running(PRODUCERS)) await start(name);
    await Promise.all(running(CONSUMERS).map((name) => start(name)));
    return {
      domains,
      log,
      dataDir,
      subgraphs,
      stopSubgraph: (name) => subgraphs[name].close(),
      async restartSubgraph(name) {
        await start(name, subgraphs[name].port);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Options of a test mesh: its subgraphs, and the gateway over them. */
export interface TestMeshOptions<N extends DomainName = DomainName> extends TestSubgraphsOptions<N> {
  /** Gateway options over the test defaults (quick retries, a captured logger). @default {} */
  gateway?: Partial<GatewayOptions>;
  /** More subgraphs for the gateway to compose, besides the demo domains. @default [] */
  extraSubgraphs?: readonly SubgraphEndpoint[];
}

/** A running demo mesh on port 0: the subgraphs and the gateway, with their logs. */
export interface TestMesh<N extends DomainName = DomainName> extends TestSubgraphs<N> {
  gateway: Gateway;
  gatewayLog: string[];
}

/**
 * Starts the demo mesh (all four domains, or `only` some) on free ports and
 * waits until the gateway is ready. Use the whole mesh where the whole mesh is
 * what the test is about; a test of one domain runs that domain (and its
 * producers) only.
 */
export async function startMesh<N extends DomainName = DomainName>(options: TestMeshOptions<N> = {}): Promise<TestMesh<N>> {
  const running = await startSubgraphs(options);
  const logger = captureLogger('gateway');
  let gateway: Gateway;
  try {
    gateway = await createGateway({
      subgraphs: [
        ...(Object.keys(running.domains) as N[]).map((name) => ({ name, url: running.subgraphs[name].url })),
        ...(options.extraSubgraphs ?? []),
      ],
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
      logger,
      ...options.gateway,
    });
  } catch (error) {
    await running.close();
    throw error;
  }
  const mesh: TestMesh<N> = {
    ...running,
    gateway,
    gatewayLog: logger.lines,
    close: () =>
      watchClosing('the test mesh', async (watch) => {
        await watch.part('gateway', gateway.close());
        await watch.part('subgraphs and their event log', running.close());
      }),
  };
  try {
    await gateway.ready;
  } catch (error) {
    await mesh.close();
    throw error;
  }
  return mesh;
}

/** After this long, a close that has not finished names the parts it still waits for. */
const SLOW_CLOSE_MS = 5_000;

/** The parts of a close in progress. */
interface ClosingWatch {
  /** Waits for `closing`, the close of `name`, which counts as pending until it settles. */
  part<T>(name: string, closing: Promise<T>): Promise<T>;
}

/**
 * Runs `close`; if it takes over SLOW_CLOSE_MS, warns once with the parts
 * still pending, so that a close hanging in CI (an `afterEach` running into
 * its timeout) says which part it hangs in.
 */
async function watchClosing(what: string, close: (watch: ClosingWatch) => Promise<void>): Promise<void> {
  const pending = new Set<string>();
  const started = performance.now();
  const slow = setTimeout(() => {
    console.warn(`Closing ${what} has taken ${Math.round(performance.now() - started)} ms so far; still pending: ${[...pending].join(', ') || 'nothing named'}.`);
  }, SLOW_CLOSE_MS).unref();
  try {
    await close({
      async part(name, closing) {
        pending.add(name);
        try {
          return await closing;
        } finally {
          pending.delete(name);
        }
      },
    });
  } finally {
    clearTimeout(slow);
  }
}
