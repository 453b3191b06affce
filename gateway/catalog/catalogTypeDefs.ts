import { POLYSEMES } from '../../schema/polysemes.ts';

/** The name of the built-in catalog subgraph in the supergraph. */
export const CATALOG_SUBGRAPH = 'meshgraph-catalog';

const polysemeNames = [...POLYSEMES.keys()];

/**
 * The catalog's part of the composed graph. The polysemes appear as entity
 * references only (`resolvable: false`): `entity(urn)` names one, and the
 * gateway fetches every domain's facet of it.
 */
export const CATALOG_TYPE_DEFS = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

scalar DateTime

type Query {
  """
  The mesh's data products, ranked by how well they match \`search\` (names,
  descriptions, tags, ports, field names and descriptions); without \`search\`,
  all of them, by domain and name. Filters combine; \`status\` is the effective one
  (retired products stay listed, with their history).
  """
  dataProducts(search: String, domain: String, kind: DataProductKind, tag: String, status: DataProductStatus, first: Int = 20): [DataProductMatch!]!
  "Everything about one data product: descriptor, schema and live figures."
  dataProduct(urn: ID!): DataProduct
  """
  Where a data product's data comes from and where it goes, \`depth\` hops each
  way: declared ports compared with the consumption observed.
  """
  lineage(urn: ID!, depth: Int = 1): Lineage
  "The mesh's polysemes: entities several domains describe, and what each contributes."
  polysemes: [Polyseme!]!
  "Any polyseme instance by URN (e.g. \`urn:meshgraph:artist:a-1\`): ask for the fields of every domain at once."
  entity(urn: ID!): MeshEntity
}

"A polyseme instance: what every domain knows about it, through one reference."
union MeshEntity = ${polysemeNames.join(' | ')}

${polysemeNames.map((name) => `type ${name} @key(fields: "${POLYSEMES.get(name)!.key}", resolvable: false) { ${POLYSEMES.get(name)!.key}: ID! }`).join('\n')}

"What a data product is for, in the mesh's taxonomy."
enum DataProductKind { SOURCE_ALIGNED AGGREGATE CONSUMER_ALIGNED }

"Life-cycle state."
enum DataProductStatus { proposed active deprecated retired }

"Sensitivity of a field; \`pii\` identifies a person."
enum Classification { public internal confidential pii }

"A search hit."
type DataProductMatch {
  dataProduct: DataProduct!
  "Higher is better; 0 without a search."
  score: Float!
  "Where the search words matched, e.g. \`name\`, \`tags\`, \`field Play.secondsPlayed\`."
  matchedIn: [String!]!
}

"A data product as its domain describes it (ODPS / ODCS fields), with live figures."
type DataProduct {
  "\`urn:meshgraph:<domain>:<product>:v<major>\`"
  urn: ID!
  name: String!
  version: String!
  "Where it stands in its life: the status its owner last moved it to (\`lifecycle\`), else its descriptor's."
  status: DataProductStatus!
  "Its status, why, what replaces it, and every move its owners made (POST /registry/lifecycle, meshgraph lifecycle)."
  lifecycle: Lifecycle!
  domain: String!
  kind: DataProductKind!
  description: DataProductDescription!
  "The accountable data product owner."
  owner: Contact!
  "The domain team."
  team: Contact!
  tags: [String!]!
  inputPorts: [InputPort!]!
  outputPorts: [OutputPort!]!
  "The types its output ports serve, with each field's classification."
  schema: [DescribedType!]!
  slos: ServiceLevelObjectives!
  "Data-quality rules every record of its topics satisfies (ODCS \`quality\`); consumers apply them at their input ports."
  quality: [QualityRule!]!
  "How long records are kept (ISO-8601 duration)."
  retention: String!
  terms: Terms!
  "Measured from the running product; null while its domain does not answer."
  figures: DataProductFigures
  "Where to get the descriptor as ODPS 1.0 and the contract as ODCS 3.1 (YAML)."
  exports: DataProductExports!
}

"""
A data product's life: proposed → active → deprecated → retired, moved by its
owners with a reason. A retired product is no longer served; it stays in the
catalog with its history.
"""
type Lifecycle {
  status: DataProductStatus!
  "Why, from its latest move; null when it never moved (its descriptor's status stands)."
  reason: String
  "The URN of the data product that replaces it."
  successor: ID
  "The data product that replaces it, when the catalog has it."
  successorProduct: DataProduct
  "For a deprecated product: the day (YYYY-MM-DD) from which it may be retired."
  sunset: String
  "Every move, oldest first; empty when it never moved."
  history: [LifecycleChange!]!
}

"One move of a data product's status."
type LifecycleChange {
  from: DataProductStatus!
  to: DataProductStatus!
  reason: String!
  successor: ID
  sunset: String
  "The consumer id that moved it."
  by: String!
  at: DateTime!
}

type DataProductDescription { purpose: String! usage: String! limitations: String! }
type Contact { name: String! email: String! }
type Terms { usage: String! license: String! }

type ServiceLevelObjectives {
  "Largest acceptable age of the newest record (ISO-8601 duration)."
  freshness: String!
  availability: Float!
  "Share of records with every required field present."
  completeness: Float!
  "Share of input records that pass the quality rules of the input ports' contracts; null without an objective."
  validity: Float
  intervalOfChange: String!
}

"A data-quality rule of a contract, in ODCS 3.1's vocabulary."
type QualityRule {
  "kebab-case id, named in dead letters and figures."
  name: String!
  description: String!
  "The schema object it checks (a topic port)."
  object: String!
  "The field it checks, if one."
  property: String
  "ODCS dimension: accuracy, completeness, conformity, consistency, coverage, timeliness or uniqueness."
  dimension: String!
  "What a consumer does with a record that breaks it: deadLetter, or quarantine until what it refers to appears."
  onFail: String!
  "library (an ODCS metric that must be 0) or custom."
  type: String!
  "The ODCS metric of a library rule: nullValues, missingValues, invalidValues or duplicateValues."
  metric: String
}

"How data enters: from another data product, a topic, or an operational system."
type InputPort { kind: String! name: String! description: String urn: ID topic: String system: String }

"How data leaves: a query field, a subscription field, or a topic."
type OutputPort { kind: String! name: String! description: String field: String topic: String }

type DescribedType { name: String! description: String! fields: [DescribedField!]! }
type DescribedField { name: String! type: String! description: String! classification: Classification! }

type DataProductFigures {
  recordCount: Int!
  "When the newest record happened."
  lastEventAt: DateTime
  "Seconds since the newest record happened."
  freshnessLagSeconds: Float
  "Whether its newest record happened after its domain started (on the domain's clock): whether anything feeds it, beyond the history it read back."
  fedSinceStart: Boolean
  "Whether the lag is within the freshness SLO; null without a record, or while nothing fed it since its domain started (a quiet source is not a late product)."
  meetsFreshnessSlo: Boolean
  "Input records consumed per second, over the last minute."
  eventsInPerSecond: Float
  "Records published per second, over the last minute."
  eventsOutPerSecond: Float
  """
  Events in and out per 10 seconds over the last 15 minutes, oldest first:
  one point per interval since its domain started serving (what it read back
  at start-up is no point), zeros where nothing came, the last one still
  counting. Kept in its domain's memory: it starts empty when the domain
  restarts. Null for a product that counts neither.
  """
  eventsOverTime: [FigurePoint!]
  "Input records sent to the dead-letter topic, over every run."
  deadLetters: Int
  "Records of its topics the event log can no longer read (damaged in the middle of a file; see meshgraph log verify); null when none are."
  lostRecords: Int
  "Records it no longer serves since its subgraph started because they became older than its retention; null when none did."
  expiredRecords: Int
  "Checkpoints set aside since start as unusable (unreadable, not JSON, the wrong shape, or past the end of the log): the product was rebuilt from the log."
  checkpointsSetAside: Int
  "Of those, checkpoints whose offsets were past the end of the log (it lost records or was replaced)."
  checkpointsPastEnd: Int
  "Share of the input records checked since start that passed every quality rule; null when it checks none."
  validity: Float
  "Whether validity is at least the validity SLO; null without either."
  meetsValiditySlo: Boolean
  "Share of the input records checked since start with every required field present; null when it checks none."
  completeness: Float
  "Whether completeness is at least the completeness SLO; null when it checks no records."
  meetsCompletenessSlo: Boolean
  "Input records checked against quality rules since start."
  recordsChecked: Int
  "Input records held in quarantine now, waiting for what they refer to."
  quarantined: Int
  "How often each quality rule was broken since start."
  ruleViolations: [RuleViolation!]!
  """
  Who used it, most recent first. On a governed gateway: every consumer the
  audit saw read it, by consumer id (or \`anonymous\`), with how. Otherwise:
  the last 1,000 client names the domain saw (each cut at 100 characters).
  """
  consumers: [Consumer!]!
  "What each input topic delivered since the domain started: the consumption its streams observed."
  inputs: [InputFigure!]!
}

type InputFigure { topic: String! eventsIn: Int! lastEventAt: DateTime }

"Events in and out of a data product in one interval of its recent history."
type FigurePoint {
  "When the interval began."
  at: DateTime!
  "Input records consumed in the interval; null when the product does not count them."
  eventsIn: Int
  "Records published in the interval; null when the product does not count them."
  eventsOut: Int
}

type RuleViolation { rule: String! count: Int! }

type Consumer {
  "The consumer's id from the audit; or, where the gateway keeps no audit, the client name it gave (\`apollographql-client-name\`)."
  clientName: String!
  lastSeenAt: DateTime!
  count: Int!
  "How it reached the data, from the audit; empty for client names."
  paths: [AccessPath!]!
}

type DataProductExports { odps: String! odcs: String! }

type Lineage { root: ID! nodes: [LineageNode!]! edges: [LineageEdge!]! }

"A data product, an operational source, or an application that consumes."
type LineageNode {
  id: ID!
  kind: String!
  label: String!
  dataProduct: DataProduct
}

type LineageEdge {
  from: ID!
  to: ID!
  "dataProduct, topic, source, agreement (an approved access agreement) or graphql"
  via: String!
  topic: String
  declared: Boolean!
  observed: Boolean!
  "Observed, but the consuming data product does not declare it as an input port."
  undeclared: Boolean!
  lastSeenAt: DateTime
  "The access agreement's id, when \`via\` is agreement."
  agreement: ID
  "The access agreement's purpose, when \`via\` is agreement."
  purpose: String
  "Observed use by an application holding no access agreement on the product (governed gateways only)."
  withoutAgreement: Boolean!
}

type Polyseme {
  name: String!
  description: String!
  key: String!
  "URN pattern with \`{id}\` for the key."
  urnPattern: String!
  "The domain that owns its identity."
  owner: String!
  "Domains that add fields to it."
  extendedBy: [String!]!
  "What each domain contributes."
  facets: [PolysemeFacet!]!
}

type PolysemeFacet { domain: String! fields: [String!]! }
`;
