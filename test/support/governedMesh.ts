import { openGatewayServices } from '../../bin/openGatewayServices.ts';
import { createGateway, type Gateway } from '../../gateway/index.ts';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import type { GatewayGovernance } from '../../governance/createGovernance.ts';
import { claimsOf, issueToken, readTokenKeys } from '../../governance/identity/index.ts';
import { readMeshPolicy } from '../../governance/policy/index.ts';
import { domainPublication, type LifecycleBook, type MeshRegistry } from '../../registry/index.ts';
import { captureLogger } from './captureLogger.ts';
import { startSubgraphs, type DomainName, type TestSubgraphs, type TestSubgraphsOptions } from './mesh.ts';

/** The demo mesh run as the command line runs it: every domain's port answers only the gateway, and the gateway governs. */
export interface GovernedMesh extends TestSubgraphs {
  gateway: Gateway;
  governance: GatewayGovernance;
  gatewayLog: string[];
  /** A bearer token (`Bearer …`) for a demo consumer by id, or for any consumer; `ttlSeconds` below 0 gives an expired one. */
  token(consumer: string | Consumer, options?: { ttlSeconds?: number }): Promise<string>;
  /** Starts another gateway replica on the same event log and keys (close it yourself). */
  startReplica(): Promise<{ gateway: Gateway; governance: GatewayGovernance; close(): Promise<void> }>;
  /** The first gateway's registry, when the mesh runs on one (`registry` option). */
  registry?: MeshRegistry;
  /** The first gateway's lifecycle book, with the registry. */
  lifecycle?: LifecycleBook;
}

/** Options of `startGovernedMesh`. */
export type GovernedMeshOptions = Omit<TestSubgraphsOptions, 'authenticator'> & {
  env?: Record<string, string>;
  /** Serve from the mesh's registry on the domains' event log (`createMeshRegistry`), with these domains published by governance first. @default the gateway polls every running domain */
  registry?: { publish: readonly DomainName[] };
};

/**
 * Starts the demo mesh governed: domains that answer only the gateway (or
 * their owners), and a gateway with the repository's mesh policy, agreements
 * and audit on the mesh's event log, and the development key in the test's
 * data folder.
 */
export async function startGovernedMesh(options: GovernedMeshOptions = {}): Promise<GovernedMesh> {
  // The keys live in the data folder, which exists only once the log does: the domains get an authenticator that reads them lazily.
  let authenticate: GatewayGovernance['authenticator']['authenticate'] = () => Promise.reject(new Error('not ready'));
  let domainsReady = false;
  let publishedFirst = false;
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
      // Wired as `meshgraph gateway` wires it: one catalog, the merged notifications, usage recorded, and the registry and lifecycle book when asked.
      const services = await openGatewayServices({ env, log: running.log, ...(options.registry ? {} : { subgraphs: endpoints }), logger });
      const { governance, registry } = services;
      if (!domainsReady) {
        // The domains accept what the mesh's keys verify, as `meshgraph subgraph` does.
        authenticate = governance.authenticator.authenticate.bind(governance.authenticator);
        domainsReady = true;
      }
      try {
        if (registry && !publishedFirst) {
          publishedFirst = true;
          // At once: the demo domains refer to each other's polysemes, so none composes alone.
          const publications = await Promise.all(
            options.registry!.publish.map((name) => {
              const domain = (running.domains as Record<string, TestSubgraphs['domains'][DomainName]>)[name]!;
              return domainPublication(domain, { url: running.subgraphs[name as keyof typeof running.subgraphs].url, version: '1', policy: readMeshPolicy(env) });
            }),
          );
          const { published, reports } = await registry.publish(DEMO_CONSUMERS['governance'], publications);
          if (!published) throw new Error(`Publishing ${options.registry!.publish.join(', ')} was refused: ${JSON.stringify(reports.flatMap((r) => r.problems))}`);
        }
        const gateway = await createGateway({ ...services.options, credential: governance.credential, backoff: { initialDelayMs: 20, maxDelayMs: 200 }, logger });
        await gateway.ready;
        return { gateway, governance, logger, registry, lifecycle: services.lifecycle, close: async () => (await gateway.close(), await services.close()) };
      } catch (error) {
        await services.close();
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
      ...(first.registry ? { registry: first.registry, lifecycle: first.lifecycle! } : {}),
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
