import { Kind, type ASTNode } from 'graphql';
import { dataProductUrn } from '../../schema/index.ts';
import type { CheckProblem } from '../CheckReport.ts';
import type { CheckContext } from './SubgraphCheck.ts';

const DOMAIN_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
const UPPER_CASE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** Names of federation's, link's and GraphQL's own definitions, which follow their specs' conventions. */
const isForeign = (name: string) => name.startsWith('_') || name.includes('__');

function casingProblems(context: CheckContext): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const problem = (coordinate: string, what: string, expected: string, example: string) =>
    problems.push({ check: 'naming', severity: 'error', coordinate, message: `${what} "${coordinate}" is not ${expected}; the mesh names ${example}.` });
  const fields = (type: string, node: ASTNode) => {
    if (!('fields' in node) || !node.fields) return;
    for (const field of node.fields) {
      const name = field.name.value;
      const coordinate = `${type}.${name}`;
      if (!isForeign(name) && !CAMEL_CASE.test(name)) problem(coordinate, 'Field', 'camelCase', 'fields in camelCase, like "secondsPlayed"');
      for (const argument of 'arguments' in field ? (field.arguments ?? []) : []) {
        if (!CAMEL_CASE.test(argument.name.value)) problem(`${coordinate}(${argument.name.value}:)`, 'Argument', 'camelCase', 'arguments in camelCase, like "podcastId"');
      }
    }
  };
  for (const definition of context.document.definitions) {
    if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION || isForeign(definition.name.value)) continue;
    const type = definition.name.value;
    if (!PASCAL_CASE.test(type)) problem(type, 'Type', 'PascalCase', 'types in PascalCase, like "EpisodePlay"');
    fields(type, definition);
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_EXTENSION) {
      for (const value of definition.values ?? []) {
        if (!UPPER_CASE.test(value.name.value)) problem(`${type}.${value.name.value}`, 'Enum value', 'UPPER_CASE', 'enum values in UPPER_CASE, like "SMART_SPEAKER"');
      }
    }
  }
  return problems;
}

/**
 * Naming conventions of the mesh: the subgraph is named as its domain
 * (kebab-case) and its data products are that domain's, each with the URN
 * `urn:meshgraph:<domain>:<product>:v<major>`; topic ports are named
 * `<domain>.<product>.v<major>`; types are PascalCase, fields and arguments
 * camelCase, enum values UPPER_CASE.
 */
export function namingProblems(context: CheckContext): CheckProblem[] {
  const { candidate } = context;
  const problems: CheckProblem[] = [];
  const problem = (message: string, coordinate?: string) => problems.push({ check: 'naming', severity: 'error', message, coordinate });
  if (!DOMAIN_NAME.test(candidate.name)) problem(`Subgraph "${candidate.name}" must be named as its domain, in kebab-case like "merch" or "live-events".`);
  for (const descriptor of candidate.descriptors) {
    const label = `Data product "${descriptor.name}"`;
    if (descriptor.domain !== candidate.name) problem(`${label} belongs to domain "${descriptor.domain}", but is published by subgraph "${candidate.name}": a subgraph publishes only its own domain's products.`, descriptor.urn);
    let expected: string | undefined;
    try {
      expected = dataProductUrn(candidate.name, descriptor.name, descriptor.version);
    } catch {
      expected = undefined; // a version that is not semantic: the descriptor check says so
    }
    if (expected && descriptor.urn !== expected) problem(`${label} has URN "${descriptor.urn}"; the mesh addresses it as "${expected}" (urn:meshgraph:<domain>:<product>:v<major>).`, descriptor.urn);
    const topicName = new RegExp(`^${candidate.name.replace(/-/g, '\\-')}\\.[a-z][a-z0-9]*(-[a-z0-9]+)*\\.v\\d+$`);
    for (const port of descriptor.outputPorts ?? []) {
      if (port.kind === 'topic' && typeof port.topic === 'string' && !topicName.test(port.topic)) {
        const major = /^\d+/.exec(descriptor.version ?? '')?.[0] ?? '1';
        problem(`${label}: topic port "${port.name}" publishes on "${port.topic}"; the mesh names a domain's topics <domain>.<product>.v<major>, like "${candidate.name}.${descriptor.name}.v${major}".`, port.topic);
      }
    }
  }
  return [...problems, ...casingProblems(context)];
}
