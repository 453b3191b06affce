import { describe, expect, it } from 'vitest';
import { createMeshCatalog } from '../../gateway/index.ts';
import type { LifecycleBook, ProductLifecycle } from '../../registry/index.ts';
import type { DataProductDescriptor, SubgraphEndpoint } from '../../schema/index.ts';
import { closeServer, createHttpServer, listen, sendJson } from '../../server/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';

const CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const ENGAGEMENT = 'urn:meshgraph:insights:listener-engagement:v1';
const descriptor = (urn: string) => ({ urn, domain: 'insights', name: urn.split(':')[3], status: 'active' }) as DataProductDescriptor;
const FIGURES = { recordCount: 1 };

describe('the catalog with the lifecycle book', () => {
  const leftovers = useLeftovers();
  /** A domain's discovery port serving `urns`. */
  const domain = async (urns: string[]): Promise<SubgraphEndpoint> => {
    const server = createHttpServer({ routes: [{ path: '/data-products', methods: { GET: (_request, response) => sendJson(response, 200, { dataProducts: urns.map((urn) => ({ ...descriptor(urn), figures: FIGURES })) }) } }], logger: captureLogger('insights') });
    const port = await listen(server, 0, '127.0.0.1');
    leftovers.track({ close: () => closeServer(server) });
    return { name: 'insights', url: `http://127.0.0.1:${port}/graphql` };
  };
  const moved = (urn: string, status: ProductLifecycle['status'], kept?: DataProductDescriptor): ProductLifecycle => ({
    urn,
    status,
    reason: 'why',
    history: [{ urn, from: 'active', to: status, reason: 'why', by: 'insights-owner', at: '2026-12-01T00:00:00.000Z' }],
    ...(kept ? { descriptor: kept } : {}),
  });

  it('shows the effective status, and a retired product its domain no longer serves by the descriptor its last move kept', async () => {
    const lifecycles = new Map<string, ProductLifecycle>();
    const lifecycle: Pick<LifecycleBook, 'get' | 'list'> = { get: (urn) => lifecycles.get(urn), list: () => [...lifecycles.values()] };
    const before = await domain([CHARTS, ENGAGEMENT]);
    const after = await domain([CHARTS]);
    let subgraphs = [before];
    // Looks are kept a minute: what changes in between shows at once all the same.
    const catalog = createMeshCatalog({ subgraphs: () => subgraphs, subgraphSdls: () => [], lifecycle, maxAgeMs: 60_000, logger: captureLogger('catalog') });
    expect((await catalog.entries()).map((e) => [e.descriptor.urn, e.descriptor.status])).toEqual([[ENGAGEMENT, 'active'], [CHARTS, 'active']]);

    lifecycles.set(ENGAGEMENT, moved(ENGAGEMENT, 'deprecated', descriptor(ENGAGEMENT)));
    expect(await catalog.entry(ENGAGEMENT)).toMatchObject({ descriptor: { status: 'deprecated' }, figures: FIGURES, lifecycle: { status: 'deprecated' } });

    // Retired, and its domain publishes a build without it: a new subgraph set, looked at at once.
    lifecycles.set(ENGAGEMENT, moved(ENGAGEMENT, 'retired', descriptor(ENGAGEMENT)));
    subgraphs = [after];
    expect(await catalog.entries()).toEqual([
      { descriptor: { ...descriptor(ENGAGEMENT), status: 'retired' }, figures: null, lifecycle: lifecycles.get(ENGAGEMENT) },
      { descriptor: descriptor(CHARTS), figures: FIGURES },
    ]);
    // A product moved but not retired that no domain serves is gone: only retirement keeps a product listed.
    lifecycles.set(ENGAGEMENT, moved(ENGAGEMENT, 'deprecated', descriptor(ENGAGEMENT)));
    expect((await catalog.entries()).map((e) => e.descriptor.urn)).toEqual([CHARTS]);
  });
});
