import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway, type GatewayOptions, type SubgraphEndpoint } from '../../gateway/index.ts';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { createKafkaLog } from '../../eventlog/kafka/index.ts';
import { startKafkaTestBroker } from './kafkaBroker/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import type { DemoDataOptions } from '../../demo/index.ts';
import { createDemoArtistsDomain, createDemoListenersDomain, createDemoPodcastsDomain } from '../../demo/domains/index.ts';
import { createInsightsDomain } from '../../subgraphs/insights/index.ts';
import { createSubgraphServer, type SubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from './captureLogger.ts';

/** Data options of test meshes: small enough to build in milliseconds, big enough to page and rank. */
export const TEST_DATA = { seed: 'meshgraph-test', scale: 0.02 } as const;

/** The four demo domains with their stores, so tests can compare answers with the data. */
export function createTestDomains(data: DemoDataOptions = TEST_DATA) {
  return {
    listeners: createDemoListenersDomain(data),
    podcasts: createDemoPodcastsDomain(data),
    artists: createDemoArtistsDomain(data),
    insights: createInsightsDomain(),
  };
}

export type TestDomains = ReturnType<typeof createTestDomains>;
export type DomainName = keyof TestDomains;

/** A running demo mesh on port 0: the four subgraphs and the gateway, with their logs. */
export interface TestMesh {
  domains: TestDomains;
  /** The event log every domain shares: embedded (in a temporary folder) or Kafka (the test broker). */
  log: EventLog;
  dataDir: string;
  subgraphs: Record<DomainName, SubgraphServer>;
  gateway: Gateway;
  gatewayLog: string[];
  /** Stops a subgraph (as if it crashed). */
  stopSubgraph(name: DomainName): Promise<void>;
  /** Starts a stopped subgraph again on the same port. */
  restartSubgraph(name: DomainName): Promise<void>;
  close(): Promise<void>;
}

/** Starts the demo mesh on free ports and waits until the gateway is ready. */
export async function startMesh(
  options: {
    domains?: TestDomains;
    gateway?: Partial<GatewayOptions>;
    eventLog?: 'embedded' | 'kafka';
    /** More subgraphs for the gateway to compose, besides the four demo domains. */
    extraSubgraphs?: readonly SubgraphEndpoint[];
  } = {},
): Promise<TestMesh> {
  const domains = options.domains ?? createTestDomains();
  const names = Object.keys(domains) as DomainName[];
  const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-test-'));
  // Kafka: kafkajs over TCP to the Kafka-protocol test broker.
  const broker = options.eventLog === 'kafka' ? await startKafkaTestBroker({ autoCreateTopics: false }) : undefined;
  const log = broker
    ? await createKafkaLog({ brokers: [broker.address], logger: captureLogger('kafka') })
    : await createEmbeddedLog({ dataDir, logger: captureLogger('log') });
  const start = (name: DomainName, port = 0) =>
    createSubgraphServer({ domain: domains[name], port, logger: captureLogger(name), log, dataDir });
  // Producers first, so consumers find the history in the log.
  const listeners = await start('listeners');
  const podcasts = await start('podcasts');
  const [artists, insights] = await Promise.all([start('artists'), start('insights')]);
  const subgraphs: Record<DomainName, SubgraphServer> = { listeners, podcasts, artists, insights };
  const logger = captureLogger('gateway');
  const gateway = await createGateway({
    subgraphs: [...names.map((name) => ({ name, url: subgraphs[name].url })), ...(options.extraSubgraphs ?? [])],
    backoff: { initialDelayMs: 20, maxDelayMs: 200 },
    logger,
    ...options.gateway,
  });
  const mesh: TestMesh = {
    domains,
    log,
    dataDir,
    subgraphs,
    gateway,
    gatewayLog: logger.lines,
    stopSubgraph: (name) => subgraphs[name].close(),
    async restartSubgraph(name) {
      subgraphs[name] = await start(name, subgraphs[name].port);
    },
    async close() {
      await gateway.close();
      await Promise.all(names.map((name) => subgraphs[name].close()));
      await log.close();
      await broker?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await gateway.ready;
  } catch (error) {
    await mesh.close();
    throw error;
  }
  return mesh;
}
