import type { DataProductDescriptor, DataProductFigures, InputPort, OutputPort } from '../../../schema/index.ts';
import { descriptionOf } from './descriptionOf.ts';

/** The gateway's GraphQL endpoint when the caller names none: the default gateway port on this machine. */
export const DEFAULT_GRAPHQL_URL = 'http://localhost:4000/graphql';

/** A key/value pair that ODPS and ODCS both accept in `customProperties`. */
export interface CustomProperty {
  property: string;
  value: unknown;
  description?: string;
}

/** Options of `toOdps`. */
export interface OdpsOptions {
  /** Live figures of the running product (from the discovery port), exported as the custom property `figures`. @default none */
  figures?: DataProductFigures | null;
  /** The GraphQL endpoint that serves the query and subscription ports (subscriptions use its `ws:`/`wss:` twin). @default DEFAULT_GRAPHQL_URL */
  graphqlUrl?: string;
  /** Kafka bootstrap servers behind the topic ports; leave out when the event log is embedded. @default none */
  kafkaBrokers?: readonly string[];
}

/** The document `toOdps` builds, typed as far as meshgraph fills it. */
export interface OdpsDocument {
  apiVersion: 'v1.0.0';
  kind: 'DataProduct';
  id: string;
  name: string;
  version: string;
  status: string;
  domain: string;
  description: { purpose: string; usage: string; limitations: string; customProperties: CustomProperty[] };
  tags: string[];
  team: {
    name: string;
    members: { username: string; name: string; role: string }[];
    customProperties: CustomProperty[];
  };
  support: { channel: string; url: string; tool: string; scope: string; description: string }[];
  inputPorts: { name: string; version: string; contractId: string; customProperties: CustomProperty[] }[];
  outputPorts: { name: string; version: string; type: string; contractId: string; description?: string; customProperties: CustomProperty[] }[];
  customProperties: CustomProperty[];
}

/**
 * The id of the ODCS data contract of a data product: its URN with `:contract`
 * appended. Every output port of the ODPS document names it as `contractId`,
 * and `toOdcs` gives it to the contract.
 */
export function dataContractId(urn: string): string {
  return `${urn}:contract`;
}

/**
 * The URL a client uses for an output port: the GraphQL endpoint for a query,
 * its WebSocket twin (`graphql-transport-ws`, same path) for a subscription,
 * nothing for a topic. Throws a `TypeError` when `graphqlUrl` is not an
 * absolute http(s) URL.
 */
export function portEndpoint(port: OutputPort, graphqlUrl: string): string | undefined {
  if (port.kind === 'topic') return undefined;
  const url = URL.canParse(graphqlUrl) ? new URL(graphqlUrl) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new TypeError(`graphqlUrl must be an absolute http(s) URL like "${DEFAULT_GRAPHQL_URL}", but is ${JSON.stringify(graphqlUrl)}.`);
  }
  if (port.kind === 'subscription') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** The `type` of an ODPS output port for each kind of meshgraph output port. */
const OUTPUT_PORT_TYPES: Record<OutputPort['kind'], string> = {
  query: 'graphql-query',
  subscription: 'graphql-subscription',
  topic: 'topic',
};

function inputPort(port: InputPort, version: string): OdpsDocument['inputPorts'][number] {
  const described: CustomProperty[] = port.description ? [{ property: 'description', value: port.description }] : [];
  // ODPS requires a contractId on every input port; only an upstream data product has a
  // data contract, so a topic or source system is named instead (and kept as its own property).
  switch (port.kind) {
    case 'dataProduct':
      return {
        name: port.name,
        version,
        contractId: dataContractId(port.urn),
        customProperties: [{ property: 'kind', value: port.kind }, { property: 'dataProduct', value: port.urn }, ...described],
      };
    case 'topic':
      return {
        name: port.name,
        version,
        contractId: `topic:${port.topic}`,
        customProperties: [{ property: 'kind', value: port.kind }, { property: 'topic', value: port.topic }, ...described],
      };
    case 'source':
      return {
        name: port.name,
        version,
        contractId: `source:${port.system}`,
        customProperties: [{ property: 'kind', value: port.kind }, { property: 'system', value: port.system }, ...described],
      };
    default: {
      const unexpected: never = port;
      throw new TypeError(`Input port ${JSON.stringify(unexpected)} has an unknown kind; expected dataProduct, topic or source.`);
    }
  }
}

function outputPort(
  port: OutputPort,
  descriptor: DataProductDescriptor,
  graphqlUrl: string,
  kafkaBrokers: readonly string[] | undefined,
): OdpsDocument['outputPorts'][number] {
  const customProperties: CustomProperty[] = [];
  switch (port.kind) {
    case 'query':
    case 'subscription':
      customProperties.push(
        { property: 'graphqlField', value: port.field, description: `The ${port.kind} field that serves this port.` },
        { property: 'endpoint', value: portEndpoint(port, graphqlUrl) },
      );
      break;
    case 'topic':
      customProperties.push({ property: 'topic', value: port.topic, description: 'Event log topic; records are JSON.' });
      if (kafkaBrokers?.length) customProperties.push({ property: 'kafkaBrokers', value: [...kafkaBrokers] });
      break;
    default: {
      const unexpected: never = port;
      throw new TypeError(`Output port ${JSON.stringify(unexpected)} has an unknown kind; expected query, subscription or topic.`);
    }
  }
  return {
    name: port.name,
    version: descriptor.version,
    type: OUTPUT_PORT_TYPES[port.kind],
    ...(port.description ? { description: port.description } : {}),
    contractId: dataContractId(descriptor.urn),
    customProperties,
  };
}

/**
 * Turns a data product descriptor into an Open Data Product Standard 1.0.0
 * document (`schema/standards/odps-json-schema-v1.0.0.json`), ready to
 * serialize as YAML or JSON.
 *
 * Identity, status, domain, description, tags, owner (a team member with role
 * `owner`), team and ports map to ODPS fields; every output port names the
 * product's data contract (`dataContractId`), whose ODCS document `toOdcs`
 * builds and which holds the schema. What ODPS has no field for goes to
 * `customProperties` under the descriptor's own key names: `kind`,
 * `serviceLevelObjectives`, `classification`, `retention`, `terms` (in
 * `description`), the team's e-mail, each port's GraphQL field, endpoint or
 * topic, and the live `figures` when given.
 */
export function toOdps(descriptor: DataProductDescriptor, options: OdpsOptions = {}): OdpsDocument {
  const { figures = null, graphqlUrl = DEFAULT_GRAPHQL_URL, kafkaBrokers } = options;
  const { team, owner } = descriptor;
  const customProperties: CustomProperty[] = [
    { property: 'kind', value: descriptor.kind, description: 'Place in the mesh: SOURCE_ALIGNED, AGGREGATE or CONSUMER_ALIGNED.' },
    {
      property: 'serviceLevelObjectives',
      value: { ...descriptor.slos },
      description: 'Durations are ISO-8601; availability and completeness are fractions.',
    },
    {
      property: 'classification',
      value: { default: descriptor.classification.default, fields: { ...descriptor.classification.fields } },
      description: 'Sensitivity of fields: the default and Type.field overrides (public, internal, confidential, pii).',
    },
    { property: 'retention', value: descriptor.retention, description: 'How long records are kept, ISO-8601 duration.' },
  ];
  if (descriptor.access) {
    customProperties.push({ property: 'access', value: { autoApprove: [...descriptor.access.autoApprove] }, description: 'Purposes of the mesh policy an access request is approved for at once; a request for any other waits for the owner (requestAccess).' });
  }
  if (figures) {
    // A snapshot: the figures as they stand, not the recent series behind the catalog's chart (up to 90 points).
    const measured = Object.fromEntries(Object.entries(figures).filter(([key, value]) => value !== undefined && key !== 'eventsOverTime'));
    customProperties.push({ property: 'figures', value: measured, description: 'Measured from the running product when this document was exported.' });
  }
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: descriptor.urn,
    name: descriptor.name,
    version: descriptor.version,
    status: descriptor.status,
    domain: descriptor.domain,
    description: descriptionOf(descriptor),
    tags: [...descriptor.tags],
    team: {
      name: team.name,
      members: [{ username: owner.email, name: owner.name, role: 'owner' }],
      customProperties: [{ property: 'email', value: team.email, description: 'The team\'s shared mailbox.' }],
    },
    support: [{ channel: team.email, url: `mailto:${team.email}`, tool: 'email', scope: 'interactive', description: `${team.name}, the team that runs this data product.` }],
    inputPorts: descriptor.inputPorts.map((port) => inputPort(port, descriptor.version)),
    outputPorts: descriptor.outputPorts.map((port) => outputPort(port, descriptor, graphqlUrl, kafkaBrokers)),
    customProperties,
  };
}
