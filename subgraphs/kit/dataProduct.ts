/** What a data product is for, in the mesh's taxonomy. */
export type DataProductKind = 'SOURCE_ALIGNED' | 'AGGREGATE' | 'CONSUMER_ALIGNED';
export const DATA_PRODUCT_KINDS: readonly DataProductKind[] = ['SOURCE_ALIGNED', 'AGGREGATE', 'CONSUMER_ALIGNED'];

/** Life-cycle state (ODPS `status`). */
export type DataProductStatus = 'proposed' | 'active' | 'deprecated' | 'retired';
export const DATA_PRODUCT_STATUSES: readonly DataProductStatus[] = ['proposed', 'active', 'deprecated', 'retired'];

/** Sensitivity of a field; `pii` identifies a person. */
export type Classification = 'public' | 'internal' | 'confidential' | 'pii';
export const CLASSIFICATIONS: readonly Classification[] = ['public', 'internal', 'confidential', 'pii'];

/** A person or team and how to reach them. */
export interface Contact {
  name: string;
  email: string;
}

/** How data leaves the product. */
export type OutputPort =
  | { kind: 'query'; name: string; description?: string; /** e.g. `Query.plays` */ field: string }
  | { kind: 'subscription'; name: string; description?: string; /** e.g. `Subscription.episodePlayed` */ field: string }
  | { kind: 'topic'; name: string; description?: string; topic: string };

/** How data enters the product. */
export type InputPort =
  | { kind: 'dataProduct'; name: string; description?: string; /** URN of the upstream data product */ urn: string }
  | { kind: 'topic'; name: string; description?: string; topic: string }
  | { kind: 'source'; name: string; description?: string; /** the operational system it comes from */ system: string };

/** Service-level objectives; durations are ISO-8601 (`PT5M`). */
export interface ServiceLevelObjectives {
  /** Largest acceptable age of the newest record. */
  freshness: string;
  /** Fraction of time the output ports answer, e.g. 0.999. */
  availability: number;
  /** Fraction of upstream facts present, e.g. 0.99. */
  completeness: number;
  /** How often the data changes, e.g. `PT1S` for a stream, `P1D` for a daily batch. */
  intervalOfChange: string;
}

/** Figures measured from the running product, not declared. */
export interface DataProductFigures {
  recordCount: number;
  /** `occurredAt` of the newest record, ISO-8601. */
  lastEventAt?: string;
  /** Input records consumed since start, for a product fed by streams. */
  eventsIn?: number;
  /** Input records sent to the dead-letter topic, over every run. */
  deadLetters?: number;
  /** Records published on its output topics since start. */
  eventsOut?: number;
  /** Rates over the last minute, from `eventsIn` and `eventsOut` (the kit measures them). */
  eventsInPerSecond?: number;
  eventsOutPerSecond?: number;
  /** Who used it recently (the kit records them), by client name, most recent first. */
  consumers?: ConsumerFigure[];
  /** What each input topic delivered since start: the consumption its streams observed. */
  inputs?: InputFigure[];
}

/** What one input topic delivered to a data product. */
export interface InputFigure {
  topic: string;
  eventsIn: number;
  /** `occurredAt` of the newest event it delivered. */
  lastEventAt?: string;
}

/** A consumer of a data product, by the client name it gave (`apollographql-client-name`). */
export interface ConsumerFigure {
  clientName: string;
  /** ISO-8601 time of the last use. */
  lastSeenAt: string;
  /** Uses since the subgraph started. */
  count: number;
}

/**
 * A data product as a domain declares it: the descriptor (ODPS / ODCS fields)
 * plus `measure`, which reports live figures for the discovery port.
 */
export interface DataProductDefinition {
  /** kebab-case, unique in the domain, e.g. `episode-plays`. */
  name: string;
  /** Semantic version; the major is part of the URN. */
  version: string;
  kind: DataProductKind;
  /** @default 'active' */
  status?: DataProductStatus;
  description: { purpose: string; usage: string; limitations: string };
  /** The accountable data product owner. */
  owner: Contact;
  tags: string[];
  inputPorts: InputPort[];
  outputPorts: OutputPort[];
  slos: ServiceLevelObjectives;
  /** Classification of fields: a default for the product's types and `Type.field` overrides. */
  classification: { default: Classification; fields?: Record<string, Classification> };
  /** How long records are kept, ISO-8601 duration (`P2Y`). */
  retention: string;
  terms: { usage: string; license: string };
  /** Live figures; called on each discovery request, so keep it cheap. */
  measure?: () => DataProductFigures;
}

/** One field of the schema a data product serves, as its descriptor shows it. */
export interface DescribedField {
  name: string;
  type: string;
  description: string;
  classification: Classification;
}

/** One type of the schema a data product serves. */
export interface DescribedType {
  name: string;
  description: string;
  fields: DescribedField[];
}

/** The validated, JSON-ready descriptor that the discovery port serves. */
export interface DataProductDescriptor extends Omit<DataProductDefinition, 'measure' | 'status'> {
  urn: string;
  domain: string;
  status: DataProductStatus;
  team: Contact;
  /** Types reachable from the output ports, with each field's classification. */
  schema: DescribedType[];
}
