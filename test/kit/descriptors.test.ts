import { describe, expect, it } from 'vitest';
import { createSubgraphServer, DescriptorError, type DataProductDefinition, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { buildDomainSchema } from '../../subgraphs/kit/buildDomainSchema.ts';
import { validateDataProducts } from '../../subgraphs/kit/validateDataProducts.ts';
import { captureLogger } from '../support/captureLogger.ts';

const team = { name: 'Rentals', email: 'rentals@example.com' };
const domain: DomainDefinition = {
  name: 'rentals',
  description: 'Bike rentals.',
  team,
  schema: {
    source: 'test/kit/rentals.graphql',
    sdl: `type Query { rentals(first: Int): [Rental!]! }
          type Rental { id: ID! riderEmail: String! minutes: Int! }`,
  },
  resolvers: { Query: { rentals: () => [] } },
  dataProducts: [],
};

/** A descriptor a careful team would write; each test breaks one thing. */
const rentalsProduct = (): DataProductDefinition => ({
  name: 'bike-rentals',
  version: '2.1.0',
  kind: 'SOURCE_ALIGNED',
  description: { purpose: 'Every rental.', usage: 'Count rentals.', limitations: 'Docked bikes only.' },
  owner: { name: 'Ana', email: 'ana@example.com' },
  tags: ['rentals', 'bikes'],
  inputPorts: [{ kind: 'source', name: 'docks', system: 'dock controllers' }],
  outputPorts: [{ kind: 'query', name: 'rentals', field: 'Query.rentals' }],
  slos: { freshness: 'PT5M', availability: 0.999, completeness: 0.99, intervalOfChange: 'PT1M' },
  classification: { default: 'internal', fields: { 'Rental.riderEmail': 'pii' } },
  retention: 'P1Y',
  terms: { usage: 'Internal.', license: 'Proprietary' },
});

const { schema } = buildDomainSchema(domain);
const problemsOf = (definitions: DataProductDefinition[]): readonly string[] => {
  try {
    validateDataProducts(domain, definitions, schema);
  } catch (error) {
    if (error instanceof DescriptorError) return error.problems;
    throw error;
  }
  return [];
};

describe('data product descriptors', () => {
  it('a valid descriptor gets its URN, its team and the schema its ports serve, with each field classified', () => {
    const [descriptor] = validateDataProducts(domain, [rentalsProduct()], schema);
    expect(descriptor!.urn).toBe('urn:meshgraph:rentals:bike-rentals:v2');
    expect(descriptor!.status).toBe('active');
    expect(descriptor!.team).toEqual(team);
    expect(descriptor!.schema).toEqual([
      {
        name: 'Rental',
        description: '',
        fields: [
          { name: 'id', type: 'ID!', description: '', classification: 'internal' },
          { name: 'riderEmail', type: 'String!', description: '', classification: 'pii' },
          { name: 'minutes', type: 'Int!', description: '', classification: 'internal' },
        ],
      },
    ]);
  });

  it('a missing owner names the data product', () => {
    const { owner: _owner, ...withoutOwner } = rentalsProduct();
    expect(problemsOf([withoutOwner as DataProductDefinition])).toEqual([
      'Data product "bike-rentals": has no owner: add owner: { name, email } naming the person accountable for it.',
    ]);
  });

  it('an output port naming a field the schema lacks names the product and the field, and suggests the right one', () => {
    const product = { ...rentalsProduct(), outputPorts: [{ kind: 'query' as const, name: 'rentals', field: 'Query.rentels' }] };
    expect(problemsOf([product])).toEqual([
      'Data product "bike-rentals": output port "rentals" names field "Query.rentels", which the schema does not define. Did you mean "Query.rentals"?',
    ]);
  });

  it('every problem is reported at once, each naming what is wrong and what is expected', () => {
    const product: DataProductDefinition = {
      ...rentalsProduct(),
      version: 'v2',
      kind: 'AGGREGATE',
      inputPorts: [],
      slos: { freshness: '5 minutes', availability: 99.9, completeness: 0.99, intervalOfChange: 'PT1M' },
      classification: { default: 'internal', fields: { 'Rental.email': 'pii' } },
    };
    expect(problemsOf([product, { ...rentalsProduct() }])).toEqual([
      'Data product "bike-rentals": version must be a semantic version like "1.0.0", but is "v2".',
      'Data product "bike-rentals": is AGGREGATE and so is built from other data: declare the input ports it reads.',
      'Data product "bike-rentals": slos.freshness must be an ISO-8601 duration like "PT5M", but is "5 minutes".',
      'Data product "bike-rentals": slos.availability must be a fraction in (0, 1], like 0.999, but is 99.9.',
      'Data product "bike-rentals": classification names field "Rental.email", which the schema does not define. Did you mean "Rental.riderEmail"?',
    ]);
  });

  it('durations follow ISO 8601, as the catalog reads them: a fraction on the last part only', () => {
    const withDurations = (freshness: string, retention: string) => ({ ...rentalsProduct(), slos: { ...rentalsProduct().slos, freshness }, retention });
    expect(problemsOf([withDurations('P1.5D', 'PT0,5S')])).toEqual([]);
    expect(problemsOf([withDurations('P1.5DT2H', 'P1W2D')])).toEqual([
      'Data product "bike-rentals": slos.freshness must be an ISO-8601 duration like "PT5M", but is "P1.5DT2H".',
      'Data product "bike-rentals": retention must be an ISO-8601 duration like "P2Y", but is "P1W2D".',
    ]);
  });

  it('an input port must name a data product URN', () => {
    const product = { ...rentalsProduct(), inputPorts: [{ kind: 'dataProduct' as const, name: 'docks', urn: 'docks-v1' }] };
    expect(problemsOf([product])).toEqual([
      'Data product "bike-rentals": input port "docks" must name a data product URN like "urn:meshgraph:podcasts:episode-plays:v1", but names "docks-v1".',
    ]);
  });

  it('quality rules name one of the product\'s topic ports, once each, with an action; the validity objective is a fraction', () => {
    const rule = {
      name: 'rental-id-unique',
      description: 'A rental is recorded once.',
      object: 'rental-events',
      property: 'id',
      dimension: 'uniqueness' as const,
      onFail: 'deadLetter' as const,
      check: { type: 'library' as const, metric: 'duplicateValues' as const, mustBe: 0 as const },
    };
    const withTopic = { ...rentalsProduct(), outputPorts: [...rentalsProduct().outputPorts, { kind: 'topic' as const, name: 'rental-events', topic: 'rentals.bike-rentals.v2' }] };
    expect(problemsOf([{ ...withTopic, quality: [rule], slos: { ...withTopic.slos, validity: 0.99 } }])).toEqual([]);
    expect(problemsOf([{ ...withTopic, quality: [rule, { ...rule, object: 'rentals', onFail: 'ignore' as never }], slos: { ...withTopic.slos, validity: 2 } }])).toEqual([
      'Data product "bike-rentals": slos.validity must be a fraction in (0, 1], like 0.999, but is 2.',
      'Data product "bike-rentals": quality rule "rental-id-unique": the name is used by another rule.',
      'Data product "bike-rentals": quality rule "rental-id-unique": onFail must be one of deadLetter, quarantine, but is "ignore".',
      'Data product "bike-rentals": quality rule "rental-id-unique": object must name one of the product\'s topic ports (rental-events), but is "rentals".',
    ]);
  });

  it('a subgraph with a broken descriptor does not start, and says why', async () => {
    const broken = { ...domain, dataProducts: [{ ...rentalsProduct(), owner: undefined as never }] };
    await expect(createSubgraphServer({ domain: broken, logger: captureLogger('rentals') })).rejects.toThrow(
      /Domain "rentals" cannot start: its data product descriptors have 1 problem\(s\):\n  - Data product "bike-rentals": has no owner/,
    );
  });
});
