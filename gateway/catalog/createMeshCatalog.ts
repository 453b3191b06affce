import type { Logger } from '../../logger/index.ts';
import type { DataProductDescriptor, DataProductFigures, DiscoveredDataProduct, SubgraphEndpoint } from '../../schema/index.ts';
import { failureReason } from '../../common/index.ts';
import { effectiveStatus, type LifecycleBook, type ProductLifecycle } from '../../registry/lifecycle/index.ts';
import { mapPolysemes, type PolysemeMap } from './polysemeFacets.ts';

/** A data product as the catalog knows it: its descriptor and, while its domain answers, live figures. */
export interface CatalogEntry {
  /** Its `status` is the effective one: the lifecycle's if its owner moved it, else the descriptor's. */
  descriptor: DataProductDescriptor;
  /** Null while its domain does not answer (the descriptor is then the last one it served). */
  figures: DataProductFigures | null;
  /** Its lifecycle, if its owner ever moved its status. */
  lifecycle?: ProductLifecycle;
}

export interface MeshCatalogOptions {
  /** Every subgraph of the mesh: the catalog reads each one's discovery port (`GET /data-products`). A function when the set changes (the registry's publications): read at each look. @default none until a gateway serves the catalog (`follow`) */
  subgraphs?: readonly SubgraphEndpoint[] | (() => readonly SubgraphEndpoint[]);
  /** The SDL of each subgraph in the current supergraph, for the polyseme map (a new array when it changes). @default none until a gateway serves the catalog (`follow`) */
  subgraphSdls?: () => readonly { name: string; sdl: string }[];
  /** The data products' lifecycles: entries carry each product's effective status and history, and a retired product stays after its domain stops serving it. @default none: the descriptors' statuses */
  lifecycle?: Pick<LifecycleBook, 'get' | 'list'> | undefined;
  /** How long one look at the discovery ports is reused. @default 1_000 */
  maxAgeMs?: number;
  logger: Logger;
}

/** The mesh's data products and polysemes, read live from the domains. */
export interface MeshCatalog {
  entries(): Promise<readonly CatalogEntry[]>;
  entry(urn: string): Promise<CatalogEntry | undefined>;
  polysemes(): PolysemeMap[];
}

/** The catalog `createMeshCatalog` makes: a gateway given it points it at what it serves. */
export interface FollowingMeshCatalog extends MeshCatalog {
  /**
   * From now on, reads the subgraphs of the supergraph a gateway serves, and
   * their SDLs, instead of those it was created with: `createGateway` calls
   * it on the catalog it is given, so governance and serving share one.
   */
  follow(served: ServedSubgraphs): void;
}

/** The subgraphs a gateway serves, and their SDLs (a new array when they change). */
export interface ServedSubgraphs {
  subgraphs(): readonly SubgraphEndpoint[];
  subgraphSdls(): readonly { name: string; sdl: string }[];
}

const NO_SDLS: readonly { name: string; sdl: string }[] = [];

const byUrn = (a: CatalogEntry, b: CatalogEntry) => a.descriptor.urn.localeCompare(b.descriptor.urn);

const discoveryUrl = (graphqlUrl: string) => new URL('/data-products', graphqlUrl).toString();

/**
 * The catalog follows the mesh: every look asks each domain's discovery port
 * for its descriptors and figures, so a domain that comes up late, restarts
 * or ships a new data product shows up at the next look, with no gateway
 * restart. A domain that does not answer keeps its last descriptors, without
 * figures.
 */
export function createMeshCatalog({ subgraphs = [], subgraphSdls = () => NO_SDLS, lifecycle, maxAgeMs = 1_000, logger }: MeshCatalogOptions): FollowingMeshCatalog {
  let served: ServedSubgraphs = { subgraphs: typeof subgraphs === 'function' ? subgraphs : () => subgraphs, subgraphSdls };
  const lastKnown = new Map<string, DataProductDescriptor[]>();
  let look: { at: number; subgraphs: string; entries: Promise<CatalogEntry[]> } | undefined;
  // The polyseme map changes only with the supergraph: parsed once per composition, not per query.
  let polysemeMap: { sdls: readonly { name: string; sdl: string }[]; map: PolysemeMap[] } | undefined;

  const read = async (subgraph: SubgraphEndpoint): Promise<CatalogEntry[]> => {
    try {
      const response = await fetch(discoveryUrl(subgraph.url), { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { dataProducts } = (await response.json()) as { dataProducts: DiscoveredDataProduct[] };
      lastKnown.set(subgraph.name, dataProducts.map(({ figures: _figures, ...descriptor }) => descriptor));
      return dataProducts.map(({ figures, ...descriptor }) => ({ descriptor, figures }));
    } catch (error) {
      logger.debug('discovery port unavailable', { subgraph: subgraph.name, reason: failureReason(error) });
      return (lastKnown.get(subgraph.name) ?? []).map((descriptor) => ({ descriptor, figures: null }));
    }
  };

  /**
   * The entries with their lifecycles, at each call (a move shows at once,
   * whatever the look's age); a retired product its domain no longer serves
   * stays, by the descriptor recorded with its last move, without figures.
   */
  const withLifecycles = (served: readonly CatalogEntry[]): CatalogEntry[] => {
    if (!lifecycle) return [...served];
    const entries: CatalogEntry[] = served.map(({ descriptor, figures }) => {
      const moved = lifecycle.get(descriptor.urn);
      return { descriptor: { ...descriptor, status: effectiveStatus(descriptor, lifecycle) }, figures, ...(moved ? { lifecycle: moved } : {}) };
    });
    const servedUrns = new Set(served.map((e) => e.descriptor.urn));
    for (const moved of lifecycle.list()) {
      if (moved.status === 'retired' && moved.descriptor && !servedUrns.has(moved.urn)) entries.push({ descriptor: { ...moved.descriptor, status: moved.status }, figures: null, lifecycle: moved });
    }
    return entries.sort(byUrn);
  };

  const entries = async () => {
    const now = Date.now();
    const current = served.subgraphs();
    // A new subgraph set (a publication) is looked at at once, not after the look's age: the new domain's products show with it.
    const named = current.map(({ name, url }) => `${name}=${url}`).join(' ');
    if (!look || now - look.at > maxAgeMs || look.subgraphs !== named) {
      look = { at: now, subgraphs: named, entries: Promise.all(current.map(read)).then((all) => all.flat().sort(byUrn)) };
    }
    return withLifecycles(await look.entries);
  };

  return {
    entries,
    async entry(urn) {
      return (await entries()).find((e) => e.descriptor.urn === urn);
    },
    polysemes() {
      const sdls = served.subgraphSdls();
      if (polysemeMap?.sdls !== sdls) polysemeMap = { sdls, map: mapPolysemes(sdls) };
      return polysemeMap.map;
    },
    follow(next) {
      served = next;
    },
  };
}
