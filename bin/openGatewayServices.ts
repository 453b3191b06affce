import { readPositiveNumber, type Env } from '../config/index.ts';
import type { EventLog } from '../eventlog/index.ts';
import { createMeshCatalog, type GatewayOptions, type SubgraphEndpoint } from '../gateway/index.ts';
import type { SupergraphSource } from '../gateway/SupergraphSource.ts';
import { readDemoSignIn } from '../gateway/readDemoSignIn.ts';
import { createDemoSignIn } from './createDemoSignIn.ts';
import { catalogProducts } from '../governance/agreements/index.ts';
import { createGovernance, type GatewayGovernance } from '../governance/createGovernance.ts';
import { createMeshNotifications, DEFAULT_SLO_BREACH_MS, type MeshNotifications } from '../governance/notifications/index.ts';
import type { Logger } from '../logger/index.ts';
import { breakingChangeCheck, DEFAULT_USAGE_WINDOW_DAYS } from '../registry/checks/index.ts';
import { createLifecycleBook, createMeshRegistry, publishedProducts, type LifecycleBook, type MeshRegistry } from '../registry/index.ts';
import { createFieldUsageLog, createFieldUsageRecorder, createUsageReader, type UsageReader } from '../registry/usage/index.ts';

/** Options of `openGatewayServices`. */
export interface GatewayServicesOptions {
  /** `MESHGRAPH_USAGE_WINDOW_DAYS`, `MESHGRAPH_SLO_BREACH_MS`, `MESHGRAPH_DEMO_SIGN_IN` (`readDemoSignIn`), and governance's (`createGovernance`). */
  env: Env;
  /** The mesh's event log, opened as governance: agreements, audit, usage, notifications, the registry and the lifecycle book live on it. */
  log: EventLog;
  /** Subgraphs to poll (development), instead of the registry. @default none */
  subgraphs?: readonly SubgraphEndpoint[];
  /** A supergraph to serve (a file), instead of the registry. @default none */
  supergraph?: SupergraphSource;
  logger: Logger;
}

/** What a governed gateway runs with besides serving: `options` go to `createGateway`. */
export interface GatewayServices {
  /** The catalog, governance, usage recording and notifications, and the supergraph's source: the registry (with the lifecycle book and the usage route) unless `subgraphs` or `supergraph` was given. */
  readonly options: Required<Pick<GatewayOptions, 'catalog' | 'governance' | 'fieldUsage' | 'notifications'>> & Pick<GatewayOptions, 'registry' | 'lifecycle' | 'usage' | 'subgraphs' | 'supergraph' | 'demoSignIn'>;
  readonly governance: GatewayGovernance;
  /** Without `subgraphs` and `supergraph`: the registry, which takes publications. */
  readonly registry?: MeshRegistry;
  /** With the registry: the data products' lifecycles. */
  readonly lifecycle?: LifecycleBook;
  /** Closes all, last opened first. */
  close(): Promise<void>;
}

/**
 * Opens what `meshgraph gateway` runs with on the event log, wired as one:
 * a single catalog (with the lifecycle book, so that governance knows a
 * retired product as the gateway serves it), governance with the merged
 * notifications (agreements and the notifications topic), the usage log and
 * recorder, and, without subgraphs to poll or a file, the registry (which
 * weighs publications against recorded use) and the lifecycle book. Resolves
 * once each has read the log back.
 */
export async function openGatewayServices({ env, log, subgraphs, supergraph, logger }: GatewayServicesOptions): Promise<GatewayServices> {
  const windowDays = readPositiveNumber(env, 'MESHGRAPH_USAGE_WINDOW_DAYS', DEFAULT_USAGE_WINDOW_DAYS);
  const sloBreachMs = readPositiveNumber(env, 'MESHGRAPH_SLO_BREACH_MS', DEFAULT_SLO_BREACH_MS, { integer: true });
  const demoSignIn = readDemoSignIn(env) ? await createDemoSignIn(env, logger) : undefined;
  const withRegistry = !subgraphs && !supergraph;
  const closing: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const step of closing.splice(0).reverse()) await step();
  };
  try {
    let registry: MeshRegistry | undefined;
    // Statuses move on the log, so every replica serves the same; the registry's publications say which products exist.
    const lifecycle = withRegistry ? createLifecycleBook({ log, products: publishedProducts({ list: () => registry?.list() ?? [] }), logger: logger.child('lifecycle') }) : undefined;
    if (lifecycle) closing.push(() => lifecycle.close());
    const catalog = createMeshCatalog({ ...(lifecycle ? { lifecycle } : {}), logger });
    // What consumers used, read back from the log: the registry weighs publications against it, notifications tell those a product's changes affect.
    const usageLog = createFieldUsageLog({ log, logger: logger.child('usage') });
    closing.push(() => usageLog.close());
    let notifications: MeshNotifications | undefined;
    const governance = await createGovernance({
      env,
      log,
      products: catalogProducts(catalog),
      descriptors: async () => (await catalog.entries()).map((e) => e.descriptor),
      notifications: (agreements) => {
        notifications = createMeshNotifications({ log, agreements, usage: usageLog, windowDays, sloBreachMs, logger: logger.child('notifications') });
        closing.push(() => notifications!.close());
        return notifications.source;
      },
      logger: logger.child('governance'),
    });
    closing.push(() => governance.close());
    await notifications!.ready;
    // What consumers use, on the log: every replica weighs a publication's breaking changes against all of it.
    const fieldUsage = createFieldUsageRecorder({ log, logger: logger.child('usage') });
    closing.push(() => fieldUsage.close());
    let usage: UsageReader | undefined;
    if (withRegistry) {
      // This replica's latest counts and every replica's appends: a use made just before a publication counts.
      usage = createUsageReader({ log: usageLog, recorder: fieldUsage, windowDays });
      const breakingChanges = breakingChangeCheck({ usage: usage.usage, windowDays, published: (name) => registry?.list().find((s) => s.name === name) });
      const opened = createMeshRegistry({ log, policy: governance.policy, extraChecks: [breakingChanges], logger: logger.child('registry') });
      closing.push(() => opened.close());
      await opened.ready;
      registry = opened;
      await lifecycle!.ready;
    }
    const source = registry ? { registry, lifecycle: lifecycle!, usage: usage! } : supergraph ? { supergraph } : { subgraphs: subgraphs! };
    return {
      options: { ...source, catalog, governance, fieldUsage, notifications: notifications!, ...(demoSignIn ? { demoSignIn } : {}) },
      governance,
      ...(registry ? { registry, lifecycle: lifecycle! } : {}),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
