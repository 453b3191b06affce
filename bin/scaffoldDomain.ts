/** The names a scaffolded domain derives from its own: `merch` → type `MerchItem`, field `merchItems`, product `merch-items`. */
export interface ScaffoldNames {
  /** The domain, kebab-case: `merch`, `live-events`. */
  domain: string;
  /** The entity its data product serves: `MerchItem`. */
  type: string;
  /** The list field: `merchItems`; the one-item field is it without the `s`, the subscription field `<it>Added`. */
  field: string;
  /** The data product: `merch-items`. */
  product: string;
  /** The product's topic: `merch.merch-items.v1`. */
  topic: string;
  /** The topic's constant in the code: `MERCH_ITEMS_TOPIC`. */
  topicConstant: string;
}

/** Derives the scaffold's names from a kebab-case domain name. */
export function scaffoldNames(domain: string): ScaffoldNames {
  const words = domain.split('-');
  const pascal = words.map((word) => `${word[0]!.toUpperCase()}${word.slice(1)}`).join('');
  const camel = `${pascal[0]!.toLowerCase()}${pascal.slice(1)}`;
  return {
    domain,
    type: `${pascal}Item`,
    field: `${camel}Items`,
    product: `${domain}-items`,
    topic: `${domain}.${domain}-items.v1`,
    topicConstant: `${domain.replace(/-/g, '_').toUpperCase()}_ITEMS_TOPIC`,
  };
}

/** Where the scaffold's files import the kit and the logger from, relative to its folder. */
export interface ScaffoldImports {
  kit: string;
  logger: string;
}

/**
 * The files of a new domain folder, by name: a Federation 2 schema with a
 * list, a lookup and a subscription field; the domain (`index.ts`), whose
 * one data product is fed by its own topic on the embedded log (or Kafka)
 * and described by a complete descriptor; and a vitest test that starts it
 * on a free port and checks the query, the discovery port and the
 * subscription, with the vitest settings it needs (`vitest.config.mts`).
 */
export function scaffoldDomain(names: ScaffoldNames, imports: ScaffoldImports): Record<string, string> {
  const { domain, type, field, product, topic, topicConstant } = names;
  const one = field.slice(0, -1);
  const added = `${one}Added`;
  const addedType = `${type}Added`;
  return {
    'schema.graphql': `# The ${domain} domain's GraphQL schema (Apollo Federation 2; the kit links it). Every field a data
# product's output port reaches is classified by that product's descriptor (see index.ts).
type Query {
  "${type}s, newest first."
  ${field}("At most this many, default 20." first: Int): [${type}!]! @listSize(assumedSize: 20, slicingArguments: ["first"], requireOneSlicingArgument: false)
  "One ${type} by id; null when there is none."
  ${one}(id: ID!): ${type}
}

type Subscription {
  """
  ${type}s as they are added. Each event carries a cursor: pass it as \`after\`
  to resume with what followed it, then live ones.
  """
  ${added}(after: String): ${addedType}!
}

"A ${type} was added, with the cursor that resumes right after it."
type ${addedType} {
  cursor: String!
  item: ${type}!
}

"One ${type}, as the ${product} data product serves it."
type ${type} {
  id: ID!
  name: String!
  "When it happened."
  occurredAt: DateTime!
  "When the mesh recorded it."
  recordedAt: DateTime!
}
`,
    'index.ts': `import {
  EventRejected,
  HEADERS,
  materializeOwnTopic,
  readSchemaFile,
  toEventRecord,
  topicSubscriptionField,
  type DataProductDefinition,
  type DomainContext,
  type DomainDefinition,
  type LogRecord,
} from '${imports.kit}';

/** One ${type}: what ${product} serves, and what its topic carries. */
export interface ${type} {
  id: string;
  name: string;
  /** When it happened, ISO-8601. */
  occurredAt: string;
  /** When the mesh recorded it, ISO-8601. */
  recordedAt: string;
}

/** ${product}'s output port and source of truth: every ${type}, keyed by id (the latest per id is kept). */
export const ${topicConstant} = { name: '${topic}', partitions: 1, compacted: true };

/** Writes a ${type} as a record of the topic, with the headers every record of the mesh carries. */
export const to${type}Record = (item: ${type}) =>
  toEventRecord({ key: item.id, value: { id: item.id, name: item.name }, occurredAt: item.occurredAt, recordedAt: item.recordedAt, producer: '${domain}', schemaVersion: '1' });

/** Reads one record of the topic; a record of another shape is refused (skipped and logged), never served. */
export function decode${type}(record: LogRecord): ${type} {
  let value: unknown;
  try {
    value = JSON.parse(record.value.toString('utf8'));
  } catch {
    throw new EventRejected('the value is not JSON');
  }
  const { id, name } = (value ?? {}) as Partial<${type}>;
  if (typeof id !== 'string' || typeof name !== 'string') throw new EventRejected('expected { "id": string, "name": string }');
  const occurredAt = record.headers[HEADERS.occurredAt] ?? new Date(record.timestamp).toISOString();
  return { id, name, occurredAt, recordedAt: record.headers[HEADERS.recordedAt] ?? occurredAt };
}

/** \`Subscription.${added}\`: the topic's new records, resumable with \`after\`. */
export const ${added} = topicSubscriptionField<${type}, { after?: string | null }>({
  topic: ${topicConstant}.name,
  decode: decode${type},
  payload: (item, cursor) => ({ cursor, item }),
});

/**
 * The ${domain} domain: one data product, ${product}, fed by its own topic.
 * \`meshgraph subgraph <this folder>\` calls this, then serves the domain.
 */
export function createDomain(_context: DomainContext): DomainDefinition {
  const items = new Map<string, ${type}>();
  const newestFirst = () => [...items.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));

  const ${field}Product: DataProductDefinition = {
    name: '${product}',
    version: '1.0.0',
    kind: 'SOURCE_ALIGNED',
    description: {
      purpose: 'Every ${type} the ${domain} domain records, as it is added. Replace with what the product is for.',
      usage: 'Query ${field} or ${one}(id), subscribe to ${added} for new ones, or read the topic ${topic} to build your own view.',
      limitations: 'Replace with what a consumer must know: coverage, delays, known gaps.',
    },
    owner: { name: '${domain} product owner', email: '${domain}-owner@example.com' },
    tags: ['${domain}'],
    inputPorts: [{ kind: 'source', name: '${domain}-source', system: 'the operational system that records ${type}s' }],
    outputPorts: [
      { kind: 'query', name: '${field}', field: 'Query.${field}', description: '${type}s, newest first.' },
      { kind: 'query', name: '${one}', field: 'Query.${one}', description: 'One ${type} by id.' },
      { kind: 'subscription', name: '${added}', field: 'Subscription.${added}', description: '${type}s as they are added, resumable with a cursor.' },
      { kind: 'topic', name: '${product}', topic: ${topicConstant}.name, description: 'Every ${type}, keyed by id (compacted).' },
    ],
    slos: { freshness: 'PT5M', availability: 0.99, completeness: 0.99, intervalOfChange: 'PT1M' },
    classification: { default: 'internal' },
    retention: 'P1Y',
    terms: { usage: 'Internal use in the company.', license: 'Proprietary, internal use only' },
    measure: () => ({ recordCount: items.size, lastEventAt: newestFirst()[0]?.occurredAt }),
  };

  return {
    name: '${domain}',
    description: 'Replace with one sentence: the business area the ${domain} domain covers.',
    team: { name: '${domain} team', email: '${domain}-team@example.com' },
    schema: readSchemaFile(new URL('./schema.graphql', import.meta.url)),
    resolvers: {
      Query: {
        ${field}: (_: unknown, { first }: { first?: number | null }) => newestFirst().slice(0, Math.max(0, first ?? 20)),
        ${one}: (_: unknown, { id }: { id: string }) => items.get(id) ?? null,
      },
      Subscription: { ${added} },
    },
    dataProducts: [${field}Product],
    // Serves once the product has read its topic; the first start writes one ${type}, so there is something to see.
    start: (runtime) =>
      materializeOwnTopic({
        log: runtime.log,
        logger: runtime.logger,
        topic: ${topicConstant},
        history: () => {
          const now = new Date().toISOString();
          return [{ id: '${domain}-1', name: 'The first ${type}', occurredAt: now, recordedAt: now }];
        },
        toRecord: to${type}Record,
        decode: decode${type},
        add: (added) => added.forEach((item) => items.set(item.id, item)),
        what: '${type}s',
      }),
  };
}
`,
    // .mts: outside a package of type module (a team's own folder), Vite warns of ESM syntax in a .ts config.
    'vitest.config.mts': `import { createRequire } from 'node:module';

// Node loads graphql's CommonJS build for meshgraph's packages; Vite would pick its ESM build for the kit's
// sources, and two copies of graphql cannot share a schema. Resolve graphql as Node does, from the kit.
const require = createRequire(new URL('${imports.kit}', import.meta.url));

export default {
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { include: ['*.test.ts'], testTimeout: 30_000 },
};
`,
    [`${domain}.test.ts`]: `import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphServer, openEventLog, type EventLog, type SubgraphServer } from '${imports.kit}';
import { createLogger } from '${imports.logger}';
import { createDomain, ${added}, ${topicConstant}, to${type}Record } from './index.ts';

const logger = createLogger({ component: '${domain}-test', level: 'warn' });
let dataDir: string;
let log: EventLog;
let server: SubgraphServer;

// The domain on a free port, with an embedded event log of its own.
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), '${domain}-test-'));
  log = await openEventLog({ kind: 'embedded', dataDir }, logger, { principal: '${domain}' });
  const domain = createDomain({ name: '${domain}', env: {}, eventLog: { kind: 'embedded', dataDir }, dataDir, logger });
  server = await createSubgraphServer({ domain, log, dataDir, logger });
});
afterAll(async () => {
  await server?.close();
  await log?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const query = async (document: string) => (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: document }) })).json();

describe('the ${domain} domain', () => {
  it('serves ${product} from its topic', async () => {
    const body = await query('{ ${field}(first: 5) { id name } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.${field}).toEqual([{ id: '${domain}-1', name: 'The first ${type}' }]);
  });

  it('describes ${product} on its discovery port', async () => {
    const body = await (await fetch(server.url.replace('/graphql', '/data-products'))).json();
    expect(body.dataProducts.map((product: { urn: string }) => product.urn)).toEqual(['urn:meshgraph:${domain}:${product}:v1']);
  });

  it('${added} delivers a ${type} added to the topic', async () => {
    const events = await ${added}.subscribe(undefined, {}, { log, logger });
    const now = new Date().toISOString();
    await log.append(${topicConstant}.name, [to${type}Record({ id: '${domain}-2', name: 'A new ${type}', occurredAt: now, recordedAt: now })]);
    const { value } = await events.next();
    expect(value).toMatchObject({ item: { id: '${domain}-2', name: 'A new ${type}' }, cursor: expect.any(String) });
    await events.return?.();
  });
});
`,
  };
}
