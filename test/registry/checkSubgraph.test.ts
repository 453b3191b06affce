import { beforeAll, describe, expect, it } from 'vitest';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import type { CheckProblem } from '../../registry/CheckReport.ts';
import type { RegisteredSubgraph } from '../../registry/RegisteredSubgraph.ts';
import { checkSubgraph, type CheckMesh } from '../../registry/checks/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import type { DataProductDefinition, DomainDefinition } from '../../subgraphs/kit/index.ts';
import { buildDomainSubgraph } from '../../subgraphs/kit/buildDomainSubgraph.ts';

const policy = loadMeshPolicy();

/** A data product as the kit takes it, complete. */
const product = (name: string, outputPorts: DataProductDefinition['outputPorts'], classification: DataProductDefinition['classification'] = { default: 'internal' }): DataProductDefinition => ({
  name,
  version: '1.0.0',
  kind: 'SOURCE_ALIGNED',
  description: { purpose: 'What is on sale.', usage: 'Join to artists.', limitations: 'Prices in cents.' },
  owner: { name: 'Mo Reyes', email: 'mo.reyes@example.com' },
  tags: ['merch'],
  inputPorts: [{ kind: 'source', name: 'shop', system: 'shop' }],
  outputPorts,
  slos: { freshness: 'PT5M', availability: 0.99, completeness: 0.99, intervalOfChange: 'PT1M' },
  classification,
  retention: 'P1Y',
  terms: { usage: 'Internal.', license: 'Proprietary' },
});

const domain = (name: string, sdl: string, dataProducts: DataProductDefinition[]): DomainDefinition => ({
  name,
  description: `The ${name} domain.`,
  team: { name, email: `${name}@example.com` },
  schema: { source: `${name}/schema.graphql`, sdl },
  resolvers: {},
  dataProducts,
});

/** A domain as it would publish: its SDL and descriptors, built by the kit. */
function published(definition: DomainDefinition): RegisteredSubgraph {
  const built = buildDomainSubgraph(definition, { policy, source: 'mesh-policy.yaml' });
  return { name: definition.name, url: `http://${definition.name}.test/graphql`, sdl: built.sdl(), descriptors: built.descriptors, version: '1', publishedBy: `${definition.name}-owner`, publishedAt: new Date(0).toISOString() };
}

const MERCH_SDL = `
type Query { "Items on sale." merchItems(first: Int): [MerchItem!]! }
type Subscription { "Items as they go on sale." merchItemAdded: MerchItem! }
type MerchItem { id: ID! name: String! priceCents: Int! artist: Artist }
type Artist @key(fields: "id") { id: ID! merchCount: Int }
`;
const merchCatalog = (overrides: Partial<DataProductDefinition> = {}) => ({
  ...product('merch-catalog', [
    { kind: 'query', name: 'items', field: 'Query.merchItems' },
    { kind: 'subscription', name: 'item-added', field: 'Subscription.merchItemAdded' },
    { kind: 'topic', name: 'items', topic: 'merch.merch-catalog.v1' },
  ]),
  ...overrides,
});

/** The mesh: an artists domain that owns Artist. */
let mesh: CheckMesh;
/** A good candidate: the merch domain, linking Artist. */
let good: RegisteredSubgraph;
beforeAll(() => {
  const artists = published(domain('artists', 'type Query { artist(id: ID!): Artist } type Artist @key(fields: "id") { id: ID! name: String }', [product('artist-profiles', [{ kind: 'query', name: 'artist', field: 'Query.artist' }], { default: 'public' })]));
  mesh = { subgraphs: [artists], policy, policySource: 'mesh-policy.yaml', topics: ['artists.artist-profiles.v1', 'merch.merch-catalog.v1'] };
  good = published(domain('merch', MERCH_SDL, [merchCatalog()]));
});

/** The candidate with its SDL or descriptors changed as a publisher without the kit could. */
const changed = (sdl: (sdl: string) => string, descriptors: (d: DataProductDescriptor) => DataProductDescriptor = (d) => d): RegisteredSubgraph => ({
  ...good,
  sdl: sdl(good.sdl),
  descriptors: good.descriptors.map((d) => descriptors(structuredClone(d))),
});

const problemsOf = async (candidate: RegisteredSubgraph, check: string): Promise<CheckProblem[]> => {
  const report = await checkSubgraph(candidate, mesh);
  return report.problems.filter((problem) => problem.check === check);
};

describe('checkSubgraph: the mesh standards as code', () => {
  it('a good candidate passes every check, with no warning', async () => {
    expect(await checkSubgraph(good, mesh)).toEqual({ subgraph: 'merch', passed: true, problems: [] });
  });

  it('composition: a field that conflicts with another subgraph is an error naming it, the field and the Federation code', async () => {
    const candidate = changed((sdl) => sdl.replace('merchCount: Int', 'name: Int'));
    const report = await checkSubgraph(candidate, mesh);
    expect(report.passed).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({
      check: 'composition',
      severity: 'error',
      otherSubgraph: 'artists',
      coordinate: 'Artist.name',
      message: expect.stringMatching(/"Artist\.name" is incompatible across subgraphs: it has type "String" in subgraph "artists" but type "Int" in subgraph "merch" \(FIELD_TYPE_MISMATCH\)/),
    }));
  });

  it('descriptor: a product without an owner, and a subgraph with no product, are errors', async () => {
    const ownerless = await problemsOf(changed((s) => s, (d) => ({ ...d, owner: undefined as never })), 'descriptor');
    expect(ownerless).toEqual([expect.objectContaining({ severity: 'error', coordinate: 'urn:meshgraph:merch:merch-catalog:v1', message: expect.stringContaining('Data product "merch-catalog": has no owner') })]);
    expect(await problemsOf({ ...good, descriptors: [] }, 'descriptor')).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('describes no data product') })]);
  });

  it('unclassified-field: a field no product reaches is reported with the default it gets', async () => {
    const candidate = published(domain('merch', MERCH_SDL.replace('merchItems(first: Int): [MerchItem!]!', 'merchItems(first: Int): [MerchItem!]! debugInfo: String'), [merchCatalog()]));
    expect(await problemsOf(candidate, 'unclassified-field')).toEqual([expect.objectContaining({ severity: 'warning', coordinate: 'Query.debugInfo', message: expect.stringContaining('(internal)') })]);
  });

  it('naming: snake_case fields, a topic outside the domain and a URN that is not the mesh\'s are errors', async () => {
    const candidate = changed(
      (sdl) => sdl.replace('priceCents', 'price_cents'),
      (d) => ({ ...d, urn: 'urn:merch:catalog', outputPorts: d.outputPorts.map((p) => (p.kind === 'topic' ? { ...p, topic: 'merch-items' } : p)) }),
    );
    const problems = await problemsOf(candidate, 'naming');
    expect(problems.map((p) => p.coordinate)).toEqual(['urn:merch:catalog', 'merch-items', 'MerchItem.price_cents']);
    expect(problems[1]!.message).toContain('like "merch.merch-catalog.v1"');
  });

  it('polyseme-key: a polyseme declared with id: String! is refused', async () => {
    const candidate = changed((sdl) => sdl.replace(/(type Artist\s+@key\(fields: "id"\)\s+\{\s+id: )ID!/, '$1String!'));
    expect(await problemsOf(candidate, 'polyseme-key')).toEqual([expect.objectContaining({
      severity: 'error',
      coordinate: 'Artist',
      message: expect.stringContaining('Polyseme "Artist" declares its key field "id" as String!, but schema/polysemes.graphql defines it as ID!'),
    })]);
  });

  it('output-port: a port naming a field the SDL lacks, and a topic the log does not have, are errors', async () => {
    const candidate = changed((s) => s, (d) => ({
      ...d,
      outputPorts: d.outputPorts.map((p) => (p.kind === 'query' ? { ...p, field: 'Query.merchItem' } : p.kind === 'topic' ? { ...p, topic: 'merch.merch-catalog.v2' } : p)),
    }));
    const problems = await problemsOf(candidate, 'output-port');
    expect(problems.map((p) => [p.severity, p.coordinate])).toEqual([['error', 'urn:meshgraph:merch:merch-catalog:v1'], ['error', 'merch.merch-catalog.v2']]);
    expect(problems[0]!.message).toContain('names field "Query.merchItem", which the schema does not define. Did you mean "Query.merchItems"?');
  });

  it('slo: a product without a freshness objective is an error', async () => {
    const candidate = changed((s) => s, (d) => ({ ...d, slos: { ...d.slos, freshness: undefined as never } }));
    expect(await problemsOf(candidate, 'slo')).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('slos.freshness must be an ISO-8601 duration') })]);
  });

  it('mesh-policy: an e-mail served public or unclassified, and auto-approval of a PII purpose, weaken the mesh policy', async () => {
    const publicEmail = changed((sdl) => sdl.replace(/(priceCents: Int! @classified[^\n]*)/, '$1\n  email: String @classified(level: "public", product: "urn:meshgraph:merch:merch-catalog:v1")'));
    expect(await problemsOf(publicEmail, 'mesh-policy')).toEqual([expect.objectContaining({ severity: 'error', coordinate: 'MerchItem.email', message: expect.stringContaining('is served as public (its SDL\'s @classified), but mesh rule "contact-details-are-pii"') })]);
    const unclassified = changed((sdl) => sdl.replace(/priceCents: Int!([^\n]*)/, 'priceCents: Int!$1\n  email: String'));
    expect(await problemsOf(unclassified, 'mesh-policy')).toEqual([expect.objectContaining({
      severity: 'error',
      coordinate: 'MerchItem.email',
      message: expect.stringContaining('is classified by no data product, so the gateway serves it as internal (the policy\'s default for unclassified fields), but mesh rule "contact-details-are-pii"'),
    })]);
    const autoApprove = changed((s) => s, (d) => ({ ...d, access: { autoApprove: ['personalization'] } }));
    expect(await problemsOf(autoApprove, 'mesh-policy')).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('mesh rule "agreements.autoApprovePii"') })]);
  });

  it('extra checks (breaking changes, …) run beside the standards and decide the report too', async () => {
    const report = await checkSubgraph(good, { ...mesh, extraChecks: [() => [{ check: 'breaking-change', severity: 'error', message: 'MerchItem.name is used.' }]] });
    expect(report).toEqual({ subgraph: 'merch', passed: false, problems: [{ check: 'breaking-change', severity: 'error', message: 'MerchItem.name is used.' }] });
  });

  it('an SDL that is not a subgraph says only that', async () => {
    const report = await checkSubgraph({ ...good, sdl: 'type Query { a: Nope }' }, mesh);
    expect(report.passed).toBe(false);
    expect(report.problems.map((p) => p.check)).toEqual(['schema']);
    expect(report.problems[0]!.message).toBe('The SDL of subgraph "merch" is not a valid Federation subgraph: [merch] Unknown type Nope');
  });
});
