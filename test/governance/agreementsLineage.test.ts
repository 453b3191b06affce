import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildLineage, type LineageAgreement } from '../../gateway/catalog/buildLineage.ts';
import { createCatalogSchema } from '../../gateway/catalog/index.ts';
import type { AccessAgreement } from '../../governance/AccessAgreement.ts';
import { buildDomainSchema } from '../../subgraphs/kit/buildDomainSchema.ts';
import { validateDataProducts } from '../../subgraphs/kit/validateDataProducts.ts';
import { createTestDomains } from '../support/mesh.ts';

const MESH = Object.values(createTestDomains({ seed: 'lineage', scale: 0.01 })).flatMap((domain) => validateDataProducts(domain, domain.dataProducts, buildDomainSchema(domain).schema));
const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const SUPPORT: LineageAgreement = { id: 'agr-1', urn: PROFILES, consumer: 'analyst', purpose: 'customer-support' };
const used = (consumer: string) => ({ consumer, product: PROFILES, lastSeenAt: '2026-03-01T10:00:00.000Z', count: 3 });

describe('access agreements in the lineage', () => {
  it('an agreement is a declared edge from the product to its consumer, observed once the consumer reads it', () => {
    const unused = buildLineage(MESH, [], PROFILES, 1, [SUPPORT]);
    expect(unused.edges.filter((e) => e.to === 'app:analyst')).toEqual([
      { from: PROFILES, to: 'app:analyst', via: 'agreement', declared: true, observed: false, undeclared: false, agreement: 'agr-1', purpose: 'customer-support' },
    ]);
    expect(unused.nodes).toContainEqual({ kind: 'application', id: 'app:analyst', clientName: 'analyst' });
    const read = buildLineage(MESH, [used('analyst')], PROFILES, 1, [SUPPORT]);
    expect(read.edges.filter((e) => e.to === 'app:analyst')).toEqual([
      { from: PROFILES, to: 'app:analyst', via: 'agreement', declared: true, observed: true, undeclared: false, agreement: 'agr-1', purpose: 'customer-support', lastSeenAt: '2026-03-01T10:00:00.000Z' },
    ]);
  });

  it('a consumer reading a product it holds no agreement on is flagged, on a governed gateway only', () => {
    const governed = buildLineage(MESH, [used('charts-web')], PROFILES, 1, [SUPPORT]);
    expect(governed.edges.find((e) => e.to === 'app:charts-web')).toMatchObject({ via: 'graphql', declared: false, observed: true, withoutAgreement: true });
    const ungoverned = buildLineage(MESH, [used('charts-web')], PROFILES, 1);
    expect(ungoverned.edges.find((e) => e.to === 'app:charts-web')).not.toHaveProperty('withoutAgreement');
  });

  it('the catalog graph shows the approved agreements of the book', async () => {
    const approved: AccessAgreement = { ...SUPPORT, justification: 'Tickets.', status: 'approved', requestedAt: '2026-03-01T09:00:00.000Z', expiresAt: '2026-04-01T09:00:00.000Z' };
    const asked: { status?: string }[] = [];
    const schema = createCatalogSchema({
      catalog: { entries: async () => MESH.map((descriptor) => ({ descriptor, figures: null })), entry: async () => undefined, polysemes: () => [] },
      exportUrl: () => '',
      agreements: { list: (filter) => (asked.push(filter), filter.status === 'approved' ? [approved] : []) },
    });
    const result = await graphql({ schema, source: `{ lineage(urn: "${PROFILES}") { edges { from to via declared observed agreement purpose withoutAgreement } } }` });
    expect(result.errors).toBeUndefined();
    expect((result.data?.['lineage'] as { edges: unknown[] }).edges).toContainEqual({
      from: PROFILES,
      to: 'app:analyst',
      via: 'agreement',
      declared: true,
      observed: false,
      agreement: 'agr-1',
      purpose: 'customer-support',
      withoutAgreement: false,
    });
    expect(asked).toEqual([{ status: 'approved' }]);
  });
});
