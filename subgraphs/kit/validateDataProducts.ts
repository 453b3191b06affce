import { isObjectType, type GraphQLSchema } from 'graphql';
import {
  CLASSIFICATIONS,
  DATA_PRODUCT_KINDS,
  DATA_PRODUCT_STATUSES,
  dataProductUrn,
  didYouMean,
  parseDuration,
  parseUrn,
  POLYSEMES,
  type Classification,
  type Contact,
  type DataProductDescriptor,
} from '../../schema/index.ts';
import type { DataProductDefinition } from './dataProduct.ts';
import { describeSchema } from './describeSchema.ts';
import { DescriptorError } from './DescriptorError.ts';
import { qualityProblems } from './quality/qualityProblems.ts';
import { accessProblems, type AccessPolicySource } from './accessProblems.ts';
import { loadMeshPolicy, MESH_POLICY_FILE } from '../../governance/policy/index.ts';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const POLYSEME_NAMES = new Set([...POLYSEMES.keys()].map((name) => name.toLowerCase()));

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isDuration = (value: unknown): value is string => typeof value === 'string' && parseDuration(value) !== undefined;

/** Every `Type.field` coordinate of the schema's object types, federation internals left out. */
function fieldCoordinates(schema: GraphQLSchema): Set<string> {
  const coordinates = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_')) continue;
    for (const field of Object.keys(type.getFields())) {
      if (!field.startsWith('_')) coordinates.add(`${type.name}.${field}`);
    }
  }
  return coordinates;
}

/**
 * Checks a domain's data product definitions against each other and against
 * the subgraph schema, and returns the descriptors the discovery port serves.
 * Throws one `DescriptorError` listing every problem, each naming the data
 * product and the field, so a team fixes them all in one go. `policy` is the
 * mesh policy the products' `access.autoApprove` must keep to (default: the
 * repository's, read only when a product auto-approves).
 */
export function validateDataProducts(
  domain: { name: string; team: Contact },
  definitions: readonly DataProductDefinition[],
  schema: GraphQLSchema,
  policy?: AccessPolicySource,
): DataProductDescriptor[] {
  const problems: string[] = [];
  const accessPolicy = () => (policy ??= { policy: loadMeshPolicy(), source: MESH_POLICY_FILE });
  const coordinates = fieldCoordinates(schema);
  const urns = new Set<string>();

  const descriptors = definitions.map((def, index) => {
    const label = isText(def?.name) ? `Data product "${def.name}"` : `Data product #${index + 1}`;
    const problem = (text: string) => problems.push(`${label}: ${text}`);

    if (!isText(def?.name) || !KEBAB.test(def.name)) problem(`name must be kebab-case like "episode-plays", but is ${JSON.stringify(def?.name)}.`);
    if (!isText(def.version) || !SEMVER.test(def.version)) problem(`version must be a semantic version like "1.0.0", but is ${JSON.stringify(def.version)}.`);
    // Major versions side by side: one name may come back with another major (its own URN), never twice with the same.
    else if (isText(def?.name) && KEBAB.test(def.name)) {
      const urn = dataProductUrn(domain.name, def.name, def.version);
      if (urns.has(urn)) problem(`version ${def.version} has the major of another data product "${def.name}" of domain "${domain.name}" (both would be ${urn}); give a new major version its own major, or another name.`);
      else urns.add(urn);
    }
    if (!DATA_PRODUCT_KINDS.includes(def.kind)) problem(`kind must be one of ${DATA_PRODUCT_KINDS.join(', ')}, but is ${JSON.stringify(def.kind)}.`);
    if (def.status !== undefined && !DATA_PRODUCT_STATUSES.includes(def.status)) {
      problem(`status must be one of ${DATA_PRODUCT_STATUSES.join(', ')}, but is ${JSON.stringify(def.status)}.`);
    }
    for (const part of ['purpose', 'usage', 'limitations'] as const) {
      if (!isText(def.description?.[part])) problem(`description.${part} is missing: say in a sentence or two what a consumer must know.`);
    }
    if (!def.owner) problem('has no owner: add owner: { name, email } naming the person accountable for it.');
    else {
      if (!isText(def.owner.name)) problem('owner.name is missing.');
      if (!isText(def.owner.email) || !EMAIL.test(def.owner.email)) problem(`owner.email must be an e-mail address, but is ${JSON.stringify(def.owner.email)}.`);
    }
    if (!Array.isArray(def.tags) || def.tags.some((tag) => !isText(tag))) problem('tags must be a list of non-empty strings.');

    if (!Array.isArray(def.outputPorts) || def.outputPorts.length === 0) problem('has no output ports: declare at least the query fields it serves.');
    for (const port of def.outputPorts ?? []) {
      if (port.kind === 'query' || port.kind === 'subscription') {
        const root = port.kind === 'query' ? 'Query' : 'Subscription';
        if (!isText(port.field) || !port.field.startsWith(`${root}.`)) {
          problem(`output port "${port.name}" must name a field of ${root}, like "${root}.something", but names ${JSON.stringify(port.field)}.`);
        } else if (!coordinates.has(port.field)) {
          const fields = [...coordinates].filter((c) => c.startsWith(`${root}.`));
          problem(`output port "${port.name}" names field "${port.field}", which the schema does not define.${didYouMean(port.field, fields)}`);
        }
      } else if (port.kind === 'topic') {
        if (!isText(port.topic)) problem(`output port "${port.name}" needs a topic name.`);
      } else {
        problem(`output port ${JSON.stringify((port as { name?: unknown }).name)} has kind ${JSON.stringify((port as { kind?: unknown }).kind)}; expected query, subscription or topic.`);
      }
    }

    if (!Array.isArray(def.inputPorts)) problem('inputPorts must be a list (empty for none).');
    else if (def.kind !== 'SOURCE_ALIGNED' && def.inputPorts.length === 0) {
      problem(`is ${def.kind} and so is built from other data: declare the input ports it reads.`);
    }
    for (const port of def.inputPorts ?? []) {
      if (port.kind === 'dataProduct' && parseUrn(port.urn, POLYSEME_NAMES)?.kind !== 'dataProduct') {
        problem(`input port "${port.name}" must name a data product URN like "urn:meshgraph:podcasts:episode-plays:v1", but names ${JSON.stringify(port.urn)}.`);
      }
      if (port.kind === 'topic' && !isText(port.topic)) problem(`input port "${port.name}" needs a topic name.`);
      if (port.kind === 'source' && !isText(port.system)) problem(`input port "${port.name}" needs the source system's name.`);
    }

    const slos = def.slos;
    if (!slos) problem('slos are missing: declare freshness, availability, completeness and intervalOfChange.');
    else {
      for (const key of ['freshness', 'intervalOfChange'] as const) {
        if (!isDuration(slos[key])) problem(`slos.${key} must be an ISO-8601 duration like "PT5M", but is ${JSON.stringify(slos[key])}.`);
      }
      for (const key of ['availability', 'completeness', 'validity'] as const) {
        if (key === 'validity' && slos[key] === undefined) continue;
        if (typeof slos[key] !== 'number' || !(slos[key] > 0 && slos[key] <= 1)) problem(`slos.${key} must be a fraction in (0, 1], like 0.999, but is ${JSON.stringify(slos[key])}.`);
      }
    }
    problems.push(...qualityProblems(def).map((text) => `${label}: ${text}`));
    problems.push(...accessProblems(def, accessPolicy).map((text) => `${label}: ${text}`));

    const classification = def.classification;
    if (!classification || !CLASSIFICATIONS.includes(classification.default)) {
      problem(`classification.default must be one of ${CLASSIFICATIONS.join(', ')}.`);
    }
    for (const [coordinate, value] of Object.entries(classification?.fields ?? {})) {
      if (!coordinates.has(coordinate)) problem(`classification names field "${coordinate}", which the schema does not define.${didYouMean(coordinate, coordinates)}`);
      if (!CLASSIFICATIONS.includes(value)) problem(`classification of "${coordinate}" must be one of ${CLASSIFICATIONS.join(', ')}, but is ${JSON.stringify(value)}.`);
    }
    for (const coordinate of classification?.pseudonymise ?? []) {
      const level = classification.fields?.[coordinate] ?? classification.default;
      if (!coordinates.has(coordinate)) problem(`classification.pseudonymise names field "${coordinate}", which the schema does not define.${didYouMean(coordinate, coordinates)}`);
      else if (level !== 'pii' && level !== 'confidential') problem(`classification.pseudonymise names "${coordinate}", which is ${level}: only confidential and pii fields are masked.`);
    }
    if (!isDuration(def.retention)) problem(`retention must be an ISO-8601 duration like "P2Y", but is ${JSON.stringify(def.retention)}.`);
    if (!isText(def.terms?.usage) || !isText(def.terms?.license)) problem('terms need usage and license.');

    return def;
  });

  if (problems.length > 0) throw new DescriptorError(domain.name, problems);

  return descriptors.map(({ measure: _measure, expiry: _expiry, status = 'active', ...def }): DataProductDescriptor => {
    const classify = (coordinate: string): Classification => def.classification.fields?.[coordinate] ?? def.classification.default;
    const rootFields = def.outputPorts.flatMap((port) => (port.kind === 'topic' ? [] : [port.field]));
    return {
      urn: dataProductUrn(domain.name, def.name, def.version),
      domain: domain.name,
      status,
      team: domain.team,
      ...def,
      schema: describeSchema(schema, rootFields, classify),
    };
  });
}
