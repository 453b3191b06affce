import { describe, expect, it } from 'vitest';
import { toOdps } from '../../gateway/catalog/export/index.ts';
import { loadMeshPolicy, MESH_POLICY_FILE } from '../../governance/policy/index.ts';
import { createSubgraphServer, DescriptorError, type DataProductDefinition, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { buildDomainSchema } from '../../subgraphs/kit/buildDomainSchema.ts';
import { validateDataProducts } from '../../subgraphs/kit/validateDataProducts.ts';
import { captureLogger } from '../support/captureLogger.ts';

const POLICY = { policy: loadMeshPolicy(), source: MESH_POLICY_FILE };

const chartsProduct = (autoApprove: unknown): DataProductDefinition => ({
  name: 'weekly-charts',
  version: '1.0.0',
  kind: 'SOURCE_ALIGNED',
  description: { purpose: 'The weekly charts.', usage: 'Show them.', limitations: 'Weekly only.' },
  owner: { name: 'Ana', email: 'ana@example.com' },
  tags: ['charts'],
  inputPorts: [],
  outputPorts: [{ kind: 'query', name: 'charts', field: 'Query.charts' }],
  slos: { freshness: 'P7D', availability: 0.99, completeness: 0.99, intervalOfChange: 'P7D' },
  classification: { default: 'public' },
  retention: 'P1Y',
  terms: { usage: 'Anyone.', license: 'CC-BY-4.0' },
  access: { autoApprove: autoApprove as string[] },
});

const domainWith = (product: DataProductDefinition): DomainDefinition => ({
  name: 'charts',
  description: 'Charts.',
  team: { name: 'Charts', email: 'charts@example.com' },
  schema: { source: 'test/governance/charts.graphql', sdl: 'type Query { charts: [String!]! }' },
  resolvers: { Query: { charts: () => [] } },
  dataProducts: [product],
});

const problemsOf = (autoApprove: unknown, policy = POLICY): readonly string[] => {
  const domain = domainWith(chartsProduct(autoApprove));
  try {
    validateDataProducts(domain, domain.dataProducts, buildDomainSchema(domain).schema, policy);
  } catch (error) {
    if (error instanceof DescriptorError) return error.problems;
    throw error;
  }
  return [];
};

describe('a data product that auto-approves access requests', () => {
  it('may auto-approve purposes without personal data, and says so in its descriptor', () => {
    const domain = domainWith(chartsProduct(['charts', 'analytics']));
    const [descriptor] = validateDataProducts(domain, domain.dataProducts, buildDomainSchema(domain).schema, POLICY);
    expect(descriptor!.access).toEqual({ autoApprove: ['charts', 'analytics'] });
    expect(toOdps(descriptor!).customProperties).toContainEqual(expect.objectContaining({ property: 'access', value: { autoApprove: ['charts', 'analytics'] } }));
  });

  it('may not auto-approve a purpose that allows PII while the mesh policy keeps those for the owner', () => {
    expect(POLICY.policy.agreements.autoApprovePii).toBe(false);
    expect(problemsOf(['charts', 'customer-support'])).toEqual([
      `Data product "weekly-charts": access.autoApprove names purpose "customer-support", which allows personal data, but mesh rule "agreements.autoApprovePii" (${MESH_POLICY_FILE}) is false: only the product's owner approves it. Remove it from autoApprove.`,
    ]);
    const lenient = { ...POLICY, policy: { ...POLICY.policy, agreements: { ...POLICY.policy.agreements, autoApprovePii: true } } };
    expect(problemsOf(['customer-support'], lenient)).toEqual([]);
  });

  it('names only purposes of the mesh policy, in a list', () => {
    expect(problemsOf(['chart'])).toEqual([expect.stringContaining('access.autoApprove names purpose "chart", which the mesh policy')]);
    expect(problemsOf(['chart'])[0]).toContain('Did you mean "charts"?');
    expect(problemsOf('charts')).toEqual(['Data product "weekly-charts": access.autoApprove must be a list of purposes of the mesh policy, like ["analytics"], but is "charts".']);
  });

  it("a domain whose product auto-approves a PII purpose does not start, naming the mesh policy's rule", async () => {
    await expect(createSubgraphServer({ domain: domainWith(chartsProduct(['personalization'])), logger: captureLogger('charts') })).rejects.toThrow(
      /Domain "charts" cannot start: .*\n {2}- Data product "weekly-charts": access.autoApprove names purpose "personalization", which allows personal data, but mesh rule "agreements.autoApprovePii"/,
    );
  });
});
