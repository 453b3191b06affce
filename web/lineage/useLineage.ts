import { useEffect, useState } from 'preact/hooks';
import { request } from '../graph/request.ts';
import { useSession } from '../session/session.ts';
import { MESH_PRODUCTS_QUERY, meshLineageQuery, meshLineageVariables, PRODUCT_LINEAGE_QUERY, type LineageGraph } from './lineageQueries.ts';
import { mergeLineages } from './mergeLineages.ts';

/** How far one product's picture reaches each way: its inputs' inputs and its consumers' consumers. */
export const PRODUCT_LINEAGE_DEPTH = 2;

/** What the lineage request has given so far. */
export type LineageState = { status: 'loading' } | { status: 'loaded'; graph: LineageGraph } | { status: 'failed'; error: Error };

/**
 * The lineage of one data product (`PRODUCT_LINEAGE_DEPTH` hops each way),
 * or of the whole mesh when `urn` is undefined: every product's, merged.
 * Asked again when the viewer signs in or out, as every query of the app is.
 */
export function useLineage(urn: string | undefined): LineageState {
  const [state, setState] = useState<LineageState>({ status: 'loading' });
  const viewer = useSession()?.token;
  useEffect(() => {
    const aborter = new AbortController();
    setState({ status: 'loading' });
    (urn === undefined ? meshLineage(aborter.signal) : productLineage(urn, aborter.signal)).then(
      (graph) => !aborter.signal.aborted && setState({ status: 'loaded', graph }),
      (error: unknown) => !aborter.signal.aborted && setState({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => aborter.abort();
  }, [urn, viewer]);
  return state;
}

async function productLineage(urn: string, signal: AbortSignal): Promise<LineageGraph> {
  const { lineage } = await request<{ lineage: LineageGraph }>(PRODUCT_LINEAGE_QUERY, { urn, depth: PRODUCT_LINEAGE_DEPTH }, signal);
  return lineage;
}

/** Two requests: the products, then every product's lineage at once. */
async function meshLineage(signal: AbortSignal): Promise<LineageGraph> {
  const { dataProducts } = await request<{ dataProducts: { dataProduct: { urn: string } }[] }>(MESH_PRODUCTS_QUERY, {}, signal);
  const urns = dataProducts.map(({ dataProduct }) => dataProduct.urn);
  if (urns.length === 0) return { nodes: [], edges: [] };
  const lineages = await request<Record<string, LineageGraph | null>>(meshLineageQuery(urns), meshLineageVariables(urns), signal);
  return mergeLineages(Object.values(lineages).filter((lineage): lineage is LineageGraph => lineage !== null));
}
