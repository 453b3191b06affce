import { parseDuration, type DataProductDescriptor, type DescribedField, type DescribedType, type OutputPort, type QualityRule } from '../../../schema/index.ts';
import { dataContractId, DEFAULT_GRAPHQL_URL, portEndpoint, type CustomProperty } from './toOdps.ts';
import { descriptionOf } from './descriptionOf.ts';

/** Options of `toOdcs`. */
export interface OdcsOptions {
  /** The GraphQL endpoint that serves the query and subscription ports (subscriptions use its `ws:`/`wss:` twin). @default DEFAULT_GRAPHQL_URL */
  graphqlUrl?: string;
  /** Kafka bootstrap servers behind the topic ports; without them a topic is a `custom` server on the embedded event log. @default none */
  kafkaBrokers?: readonly string[];
}

/** ODCS 3.1 `logicalType` of a property. */
export type OdcsLogicalType = 'string' | 'date' | 'timestamp' | 'time' | 'number' | 'integer' | 'object' | 'array' | 'boolean';

/** An ODCS property or array item, as meshgraph fills it. */
export interface OdcsProperty {
  name?: string;
  logicalType: OdcsLogicalType;
  logicalTypeOptions?: Record<string, unknown>;
  /** The GraphQL type, e.g. `[PlayEdge!]!`; for an object, the name of the schema object that describes it. */
  physicalType: string;
  required: boolean;
  description?: string;
  classification?: string;
  items?: OdcsProperty;
}

/** An ODCS data-quality rule, as meshgraph fills it from a descriptor's `QualityRule`. */
export type OdcsQuality = {
  id: string;
  name: string;
  description: string;
  dimension: QualityRule['dimension'];
  severity: 'error';
  customProperties: CustomProperty[];
} & ({ type: 'library'; metric: string; arguments?: Record<string, unknown>; mustBe: 0 } | { type: 'custom'; engine: string; implementation: string });

/** An ODCS schema object: a GraphQL type, or a topic of an output port. */
export interface OdcsSchemaObject {
  name: string;
  physicalName: string;
  physicalType: 'graphql-type' | 'topic';
  logicalType: 'object';
  description?: string;
  properties?: OdcsProperty[];
  /** The descriptor's quality rules on this object. */
  quality?: OdcsQuality[];
}

/** An ODCS server: where an output port serves the data. */
export type OdcsServer = { id: string; server: string; description: string; customProperties: CustomProperty[] } & (
  | { type: 'api'; location: string }
  | { type: 'kafka'; host: string; format: 'json' }
  | { type: 'custom'; stream: string; format: 'json' }
);

/** An ODCS service-level agreement property. */
export interface OdcsSlaProperty {
  id: string;
  property: string;
  value: string | number;
  unit?: string;
  description: string;
}

/** The document `toOdcs` builds, typed as far as meshgraph fills it. */
export interface OdcsDocument {
  apiVersion: 'v3.1.0';
  kind: 'DataContract';
  id: string;
  name: string;
  version: string;
  status: string;
  domain: string;
  /** Deprecated by ODCS 3.1 in favour of the ODPS document naming the contract; kept for older readers. */
  dataProduct: string;
  description: { purpose: string; usage: string; limitations: string; customProperties: CustomProperty[] };
  tags: string[];
  schema: OdcsSchemaObject[];
  servers: OdcsServer[];
  slaProperties: OdcsSlaProperty[];
  team: { name: string; members: { username: string; name: string; role: string }[]; customProperties: CustomProperty[] };
  support: { id: string; channel: string; url: string; tool: string; scope: string; description: string }[];
  customProperties: CustomProperty[];
}

/** A GraphQL type reference, parsed from its printed form (`[Play!]!`). */
type TypeRef = { kind: 'named'; name: string; nonNull: boolean } | { kind: 'list'; of: TypeRef; nonNull: boolean };

function parseTypeRef(printed: string): TypeRef {
  const nonNull = printed.endsWith('!');
  const bare = nonNull ? printed.slice(0, -1) : printed;
  if (bare.startsWith('[') && bare.endsWith(']')) return { kind: 'list', of: parseTypeRef(bare.slice(1, -1)), nonNull };
  return { kind: 'named', name: bare, nonNull };
}

function printTypeRef(ref: TypeRef): string {
  const bare = ref.kind === 'list' ? `[${printTypeRef(ref.of)}]` : ref.name;
  return ref.nonNull ? `${bare}!` : bare;
}

/** Logical types of the GraphQL built-in scalars and the mesh's `DateTime` (UTC ISO-8601 with milliseconds). */
const SCALARS: Readonly<Record<string, Pick<OdcsProperty, 'logicalType' | 'logicalTypeOptions'>>> = {
  String: { logicalType: 'string' },
  ID: { logicalType: 'string' },
  Int: { logicalType: 'integer', logicalTypeOptions: { format: 'i32' } },
  Float: { logicalType: 'number', logicalTypeOptions: { format: 'f64' } },
  Boolean: { logicalType: 'boolean' },
  DateTime: { logicalType: 'timestamp', logicalTypeOptions: { format: "yyyy-MM-dd'T'HH:mm:ss.SSSX", timezone: true, defaultTimezone: 'Etc/UTC' } },
};

/**
 * The ODCS shape of a GraphQL type: lists become `array` with `items`, types
 * the descriptor describes become `object` (their properties are in the schema
 * object of that name, so cycles such as Episode → plays → Play → episode stay
 * finite), scalars map by `SCALARS`. Any other name is an enum or a custom
 * scalar, which GraphQL serializes as a string; the descriptor does not list
 * enum values, so `physicalType` keeps the GraphQL name.
 */
function typeShape(ref: TypeRef, objectNames: ReadonlySet<string>): OdcsProperty {
  const base = { physicalType: printTypeRef(ref), required: ref.nonNull };
  if (ref.kind === 'list') return { logicalType: 'array', ...base, items: typeShape(ref.of, objectNames) };
  if (objectNames.has(ref.name)) return { logicalType: 'object', ...base };
  return { ...(SCALARS[ref.name] ?? { logicalType: 'string' }), ...base };
}

function property(field: DescribedField, objectNames: ReadonlySet<string>): OdcsProperty {
  return {
    name: field.name,
    ...typeShape(parseTypeRef(field.type), objectNames),
    ...(field.description ? { description: field.description } : {}),
    // ODCS 3.1 has no PII flag; its free-form `classification` carries meshgraph's `pii` as is.
    classification: field.classification,
  };
}

function typeObject(type: DescribedType, objectNames: ReadonlySet<string>): OdcsSchemaObject {
  return {
    name: type.name,
    physicalName: type.name,
    physicalType: 'graphql-type',
    logicalType: 'object',
    ...(type.description ? { description: type.description } : {}),
    properties: type.fields.map((field) => property(field, objectNames)),
  };
}

const stableId = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * A quality rule the ODCS way: the check's own fields (`metric` and `mustBe`
 * of a library rule, `engine` and `implementation` of a custom one), and what
 * ODCS has no field for (the property checked, what a consumer does with a
 * record that breaks it) as custom properties.
 */
function quality(rule: QualityRule): OdcsQuality {
  const customProperties: CustomProperty[] = [
    ...(rule.property ? [{ property: 'property', value: rule.property, description: 'The field of the record the rule checks.' }] : []),
    { property: 'onFail', value: rule.onFail, description: rule.onFail === 'quarantine' ? 'A record that breaks it is held, and counted once what it refers to appears.' : 'A record that breaks it goes to the consumer\'s dead-letter topic, with the rule named.' },
  ];
  return { id: stableId(rule.name), name: rule.name, description: rule.description, dimension: rule.dimension, severity: 'error', customProperties, ...rule.check };
}

function server(port: OutputPort, graphqlUrl: string, kafkaBrokers: readonly string[] | undefined): OdcsServer {
  const common = { id: stableId(port.name), server: port.name };
  switch (port.kind) {
    case 'query':
    case 'subscription':
      return {
        ...common,
        type: 'api',
        location: portEndpoint(port, graphqlUrl)!,
        description: port.description ?? `GraphQL ${port.kind} field ${port.field}.`,
        customProperties: [
          { property: 'graphqlField', value: port.field },
          { property: 'protocol', value: port.kind === 'query' ? 'graphql-over-http' : 'graphql-transport-ws' },
        ],
      };
    case 'topic': {
      const description = port.description ?? `Topic ${port.topic} of the event log.`;
      const topic = { property: 'topic', value: port.topic };
      return kafkaBrokers?.length
        ? { ...common, type: 'kafka', host: kafkaBrokers.join(','), format: 'json', description, customProperties: [topic] }
        : {
            ...common,
            type: 'custom',
            stream: port.topic,
            format: 'json',
            description,
            customProperties: [topic, { property: 'eventLog', value: 'embedded', description: 'meshgraph\'s embedded event log; KAFKA_BROKERS switches it to Kafka.' }],
          };
    }
    default: {
      const unexpected: never = port;
      throw new TypeError(`Output port ${JSON.stringify(unexpected)} has an unknown kind; expected query, subscription or topic.`);
    }
  }
}

/**
 * An ISO-8601 duration as an SLA value and unit (`PT5M` → 5 minutes), the
 * ODCS way; a duration of several parts (`P1DT12H`) stays an ISO string.
 */
function durationValue(iso: string): Pick<OdcsSlaProperty, 'value' | 'unit'> {
  const parts = parseDuration(iso) ?? [];
  return parts.length === 1 ? parts[0]! : { value: iso };
}

const percent = (fraction: number): number => Math.round(fraction * 100 * 1e6) / 1e6;

function slaProperties(descriptor: DataProductDescriptor): OdcsSlaProperty[] {
  const { slos, retention } = descriptor;
  return [
    // ODCS prefers `latency` to freshness (Data QoS periodic table).
    { id: 'latency', property: 'latency', ...durationValue(slos.freshness), description: `The newest record is at most ${slos.freshness} old (freshness).` },
    { id: 'availability', property: 'availability', value: percent(slos.availability), unit: '%', description: 'Share of time the output ports answer.' },
    { id: 'completeness', property: 'completeness', value: percent(slos.completeness), unit: '%', description: 'Share of records with every required field present.' },
    ...(slos.validity === undefined
      ? []
      : [{ id: 'validity', property: 'validity', value: percent(slos.validity), unit: '%', description: 'Share of input records that pass the quality rules of the input ports\' contracts.' }]),
    { id: 'frequency', property: 'frequency', ...durationValue(slos.intervalOfChange), description: `The data changes every ${slos.intervalOfChange} (interval of change).` },
    { id: 'retention', property: 'retention', ...durationValue(retention), description: `Records are kept for ${retention}.` },
  ];
}

/**
 * Turns a data product descriptor into an Open Data Contract Standard 3.1.0
 * data contract (`schema/standards/odcs-json-schema-v3.1.0.json`), ready to
 * serialize as YAML or JSON. Its id is `dataContractId(descriptor.urn)`.
 *
 * - `schema`: one object per described GraphQL type, one property per field
 *   with `logicalType` (String/ID → string, Int → integer, Float → number,
 *   Boolean → boolean, DateTime → timestamp, lists → array with `items`,
 *   described types → object, enums → string), the GraphQL type as
 *   `physicalType`, `required` for non-null, description and classification
 *   (`pii` included); plus one object per topic port (`physicalType: topic`).
 * - `servers`: one per output port, `api` for GraphQL fields, `kafka` for a
 *   topic when brokers are given and `custom` (with `stream`) otherwise.
 * - `slaProperties`: latency (freshness), availability, completeness,
 *   validity (when the product has that objective), frequency (interval of
 *   change), retention.
 * - `quality` of a topic's schema object: the descriptor's quality rules on
 *   that topic (see `quality`).
 * - `team` (the owner as member with role `owner`), `support` (the team's
 *   mailbox), `tags`; terms of use and licence in `description.customProperties`.
 *
 * Input ports, kind and live figures are the product's business, not the
 * contract's: they are in the ODPS document.
 */
export function toOdcs(descriptor: DataProductDescriptor, options: OdcsOptions = {}): OdcsDocument {
  const { graphqlUrl = DEFAULT_GRAPHQL_URL, kafkaBrokers } = options;
  const { team, owner } = descriptor;
  const objectNames = new Set(descriptor.schema.map((type) => type.name));
  const rulesOf = (object: string) => (descriptor.quality ?? []).filter((rule) => rule.object === object).map(quality);
  const topics: OdcsSchemaObject[] = descriptor.outputPorts.flatMap((port) => {
    if (port.kind !== 'topic') return [];
    const rules = rulesOf(port.name);
    return [{ name: port.name, physicalName: port.topic, physicalType: 'topic', logicalType: 'object', description: port.description ?? `Records of topic ${port.topic}, as JSON.`, ...(rules.length > 0 ? { quality: rules } : {}) }];
  });
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: dataContractId(descriptor.urn),
    name: descriptor.name,
    version: descriptor.version,
    status: descriptor.status,
    domain: descriptor.domain,
    dataProduct: descriptor.name,
    description: descriptionOf(descriptor),
    tags: [...descriptor.tags],
    schema: [...descriptor.schema.map((type) => typeObject(type, objectNames)), ...topics],
    servers: descriptor.outputPorts.map((port) => server(port, graphqlUrl, kafkaBrokers)),
    slaProperties: slaProperties(descriptor),
    team: {
      name: team.name,
      members: [{ username: owner.email, name: owner.name, role: 'owner' }],
      customProperties: [{ property: 'email', value: team.email, description: 'The team\'s shared mailbox.' }],
    },
    support: [
      { id: 'team-email', channel: team.email, url: `mailto:${team.email}`, tool: 'email', scope: 'interactive', description: `${team.name}, the team that runs this data product.` },
    ],
    customProperties: [{ property: 'dataProductId', value: descriptor.urn, description: 'URN of the data product; its ODPS document has this id.' }],
  };
}
