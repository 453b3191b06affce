import { Kind, parse, print, type ConstDirectiveNode, type ConstValueNode, type DefinitionNode, type FieldDefinitionNode } from 'graphql';
import { CLASSIFICATIONS, type Classification } from '../../schema/index.ts';
import type { FieldRule, FieldRules, ProductClassification } from './FieldRule.ts';

type TypeDefinition = Extract<DefinitionNode, { kind: typeof Kind.OBJECT_TYPE_DEFINITION | typeof Kind.INTERFACE_TYPE_DEFINITION }>;

const argument = (directive: ConstDirectiveNode, name: string): ConstValueNode | undefined => directive.arguments?.find((a) => a.name.value === name)?.value;

const stringOf = (value: ConstValueNode | undefined): string | undefined => (value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined);

/** `[["a", "b"], ["c"]]` as a list of lists of strings. */
function stringLists(value: ConstValueNode | undefined): string[][] | undefined {
  if (value?.kind !== Kind.LIST) return undefined;
  return value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []));
}

/** The security directives on a type or field definition. */
function securityOf(directives: readonly ConstDirectiveNode[] | undefined) {
  const named = (name: string) => directives?.find((d) => d.name.value === name);
  const scopes = named('requiresScopes');
  const policies = named('policy');
  return {
    authenticated: !!named('authenticated'),
    requiresScopes: scopes ? stringLists(argument(scopes, 'scopes')) : undefined,
    policies: policies ? stringLists(argument(policies, 'policies')) : undefined,
  };
}

/** Both sets of alternatives must hold: every pair of one alternative of each, joined. */
const both = (a: string[][] | undefined, b: string[][] | undefined) => (a && b ? a.flatMap((x) => b.map((y) => [...x, ...y])) : (a ?? b));

/**
 * Reads from a supergraph SDL who may read each field: its classification in
 * each data product (`@classified`, which the kit puts on every field its
 * descriptors describe), Apollo's `@authenticated`, `@requiresScopes` and
 * `@policy` (on the field, or on the type it returns), and whether only the
 * gateway's catalog subgraph (`catalogGraph`, by subgraph name) serves it.
 */
export function readFieldRules(supergraphSdl: string, catalogGraph: string): FieldRules {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const types = new Map<string, { directives: readonly ConstDirectiveNode[] | undefined }>();
  const objects: TypeDefinition[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((d) => d.name.value === 'join__graph');
        const name = graph && stringOf(argument(graph, 'name'));
        if (name) graphNames.set(value.name.value, name);
      }
    }
    if ('name' in definition && definition.name && 'directives' in definition) types.set(definition.name.value, { directives: definition.directives as readonly ConstDirectiveNode[] | undefined });
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION) objects.push(definition);
  }
  const graphsOf = (directives: readonly ConstDirectiveNode[] | undefined, name: string) =>
    (directives ?? []).filter((d) => d.name.value === name).flatMap((d) => {
      const graph = stringOf(argument(d, 'graph'));
      return graph ? [graphNames.get(graph) ?? graph] : [];
    });
  /** The named type a field returns: `[Listener!]!` → `Listener`. */
  const namedType = (field: FieldDefinitionNode) => print(field.type).replace(/[[\]!]/g, '');

  const rules = new Map<string, FieldRule>();
  for (const type of objects) {
    const typeGraphs = graphsOf(type.directives, 'join__type');
    const typeSecurity = securityOf(type.directives);
    for (const field of type.fields ?? []) {
      const own = securityOf(field.directives);
      const returned = securityOf(types.get(namedType(field))?.directives);
      const fieldGraphs = graphsOf(field.directives, 'join__field');
      const graphs = fieldGraphs.length > 0 ? fieldGraphs : typeGraphs;
      rules.set(`${type.name.value}.${field.name.value}`, {
        classifications: classificationsOf(field.directives),
        authenticated: own.authenticated || returned.authenticated || typeSecurity.authenticated,
        requiresScopes: both(both(own.requiresScopes, returned.requiresScopes), typeSecurity.requiresScopes),
        policies: both(both(own.policies, returned.policies), typeSecurity.policies),
        catalog: graphs.length > 0 && graphs.every((g) => g === catalogGraph),
      });
    }
  }
  return rules;
}

function classificationsOf(directives: readonly ConstDirectiveNode[] | undefined): ProductClassification[] {
  return (directives ?? []).flatMap((directive) => {
    if (directive.name.value !== 'classified') return [];
    const level = stringOf(argument(directive, 'level'));
    const product = stringOf(argument(directive, 'product'));
    const flag = (name: string) => { const value = argument(directive, name); return value?.kind === Kind.BOOLEAN && value.value; };
    // An unknown level is the strictest: a typo must never open a field.
    const known = CLASSIFICATIONS.includes(level as Classification) ? (level as Classification) : 'pii';
    return product ? [{ level: known, product, explicit: flag('explicit'), pseudonymise: flag('pseudonymise') }] : [];
  });
}
