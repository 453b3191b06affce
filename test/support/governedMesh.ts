import { createGateway, createMeshCatalog, type Gateway } from '../../gateway/index.ts';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import { catalogProducts } from '../../governance/agreements/index.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { createGovernance, type GatewayGovernance } from '../../governance/createGovernance.ts';
import { claimsOf, issueToken, readTokenKeys } from '../../governance/identity/index.ts';
import { captureLogger } from './captureLogger.ts';
import { startSubgraphs, type TestSubgraphs, type TestSubgraphsOptions } from './mesh.ts';

/** The demo mesh run as the command line runs it: every domain's port answers only the gateway, and the gateway governs. */
export interface GovernedMesh extends TestSubgraphs {
  gateway: Gateway;
  governance: GatewayGovernance;
  gatewayLog: string[];
  /** A bearer token (`Bearer …`) for a demo consumer by id, or for any consumer; `ttlSeconds` below 0 gives an expired one. */
  token(consumer: string | Consumer, options?: { ttlSeconds?: number }): Promise<string>;
  /** Starts another gateway replica on the same event log and keys (close it yourself). */
  startReplica(): Promise<{ gateway: Gateway; governance: GatewayGovernance; close(): Promise<void> }>;
}

/**
 * Starts the demo mesh governed: domains that answer only the gateway (or
 * their owners), and a gateway with the repository's mesh policy, agreements
 * and audit on the mesh's event log, and the development key in the test's
 * data folder.
 */
export async function startGovernedMesh(options: Omit<TestSubgraphsOptions, 'authenticator'> & { env?: Record<string, string> } = {}): Promise<GovernedMesh> {
  // The keys live in the data folder, which exists only once the log does: the domains get an authenticator that reads them lazily.
  let authenticate: GatewayGovernance['authenticator']['authenticate'] = () => Promise.reject(new Error('not ready'));
  let domainsReady = false;
  const running = await startSubgraphs({ ...options, authenticator: { authenticate: (credentials) => authenticate(credentials) } });
  const env = { MESHGRAPH_DATA_DIR: running.dataDir, ...options.env };
  const closing: (() => Promise<void>)[] = [running.close];
  const close = async () => {
    for (const step of closing.splice(0).reverse()) await step();
  };
  try {
    const endpoints = Object.entries(running.subgraphs).map(([name, server]) => ({ name, url: server.url }));
    const start = async () => {
      const logger = captureLogger('gateway');
      const catalog = createMeshCatalog({ subgraphs: endpoints, subgraphSdls: () => [], logger });
      const governance = await createGovernance({ env, log: running.log, products: catalogProducts(catalog), descriptors: async () => (await catalog.entries()).map((e) => e.descriptor), logger });
      if (!domainsReady) {
        // The domains accept what the mesh's keys verify, as `meshgraph subgraph` does.
        authenticate = governance.authenticator.authenticate.bind(governance.authenticator);
        domainsReady = true;
      }
      try {
        const gateway = await createGateway({ subgraphs: endpoints, governance, credential: governance.credential, backoff: { initialDelayMs: 20, maxDelayMs: 200 }, logger });
        await gateway.ready;
        return { gateway, governance, logger, close: async () => (await gateway.close(), await governance.close()) };
      } catch (error) {
        await governance.close();
        throw error;
      }
    };
    const first = await start();
    closing.push(first.close);
    const keys = await readTokenKeys(env);
    return {
      ...running,
      gateway: first.gateway,
      governance: first.governance,
      gatewayLog: first.logger.lines,
      async token(consumer, { ttlSeconds = 600 } = {}) {
        const known = typeof consumer === 'string' ? DEMO_CONSUMERS[consumer] : consumer;
        if (!known) throw new Error(`No demo consumer "${String(consumer)}".`);
        return `Bearer ${await issueToken(claimsOf(known), keys.signing!, { ttlSeconds })}`;
      },
      startReplica: start,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
