import { createGateway, createMeshCatalog, type Gateway } from '../../gateway/index.ts';
import { catalogProducts } from '../../governance/agreements/index.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { createGovernance, type GatewayGovernance } from '../../governance/createGovernance.ts';
import { claimsOf, issueToken, readTokenKeys } from '../../governance/identity/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { createLifecycleBook, type LifecycleBook } from '../../registry/lifecycle/index.ts';
import { createSubgraphServer, type SubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from './captureLogger.ts';
import { createStationsDomain } from './stationsDomain.ts';
import { createTempLog, type TempLog } from './tempLog.ts';

/** The stations domain behind a governed gateway, on an embedded log of their own. */
export interface StationsMesh {
  temp: TempLog;
  stations: SubgraphServer;
  /** The event log the kit handed the stations domain (what its producer appends with). */
  domainLog(): EventLog;
  /** Undefined when the gateway does not govern (`governed: false`). */
  governance: GatewayGovernance | undefined;
  /** The lifecycle book the gateway enforces (`lifecycle: true`). */
  lifecycle: LifecycleBook | undefined;
  gateway: Gateway;
  /** A bearer token (`Bearer …`) for `consumer`. */
  token(consumer: Consumer): Promise<string>;
  close(): Promise<void>;
}

/** A consumer of the mesh, with no rights but its own agreements. */
export const consumer = (id: string): Consumer => ({ id, kind: 'application', team: id, owns: [], scopes: [], regions: [] });

/** Options of `startStationsMesh`. */
export interface StationsMeshOptions {
  /** The gateway governs (policy, agreements, audit). @default true */
  governed?: boolean;
  /** The gateway follows a lifecycle book on the same log, which knows the stations' products. @default false */
  lifecycle?: boolean;
  /** Products the domain no longer serves, whose descriptors the lifecycle book knows (as the registry's publications keep them). @default none */
  formerProducts?: readonly DataProductDescriptor[];
}

/** Starts the stations domain and a gateway over it. */
export async function startStationsMesh({ governed = true, lifecycle: withLifecycle = false, formerProducts = [] }: StationsMeshOptions = {}): Promise<StationsMesh> {
  const temp = await createTempLog({ prefix: 'meshgraph-stations-' });
  const closing: (() => Promise<void>)[] = [() => temp.close()];
  const close = async () => {
    for (const step of closing.splice(0).reverse()) await step();
  };
  try {
    const env = { MESHGRAPH_DATA_DIR: temp.dataDir };
    const { domain, log: domainLog } = createStationsDomain();
    const stations = await createSubgraphServer({ domain, log: temp.log, dataDir: temp.dataDir, logger: captureLogger('stations') });
    closing.push(() => stations.close());
    const logger = captureLogger('gateway');
    const subgraphs = [{ name: 'stations', url: stations.url }];
    const lifecycle = withLifecycle ? createLifecycleBook({ log: temp.log, products: (urn) => [...stations.descriptors, ...formerProducts].find((d) => d.urn === urn), logger: captureLogger('lifecycle') }) : undefined;
    if (lifecycle) {
      closing.push(() => lifecycle.close());
      await lifecycle.ready;
    }
    // One catalog for governance and the gateway, as `meshgraph gateway` has: governance knows the products' lifecycles.
    const catalog = createMeshCatalog({ ...(lifecycle ? { lifecycle } : {}), logger });
    const governance = governed ? await createGovernance({ env, log: temp.log, products: catalogProducts(catalog), descriptors: async () => (await catalog.entries()).map((e) => e.descriptor), logger }) : undefined;
    if (governance) closing.push(() => governance.close());
    const gateway = await createGateway({ subgraphs, catalog, ...(governance ? { governance, credential: governance.credential } : {}), ...(lifecycle ? { lifecycle } : {}), rateLimits: false, supergraphPollMs: 0, healthProbeMs: 0, logger });
    closing.push(() => gateway.close());
    await gateway.ready;
    const keys = await readTokenKeys(env);
    return {
      temp,
      stations,
      domainLog,
      governance,
      lifecycle,
      gateway,
      token: async (who) => `Bearer ${await issueToken(claimsOf(who), keys.signing!)}`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
