import {
  Kind,
  parse,
  print,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
} from 'graphql';
import { entityUrn, normalizeKeyFields, POLYSEMES, POLYSEMES_FILE, type Polyseme } from '../../schema/index.ts';
import type { FederationName } from './federationLink.ts';
import { PolysemeError } from './PolysemeError.ts';

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

function keyFieldsOf(directive: ConstDirectiveNode): string | undefined {
  const value = directive.arguments?.find((arg) => arg.name.value === 'fields')?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/**
 * What is wrong with one declaration of a polyseme, one sentence each (the
 * caller names the file): no key, another key, or a key field of another
 * type than `schema/polysemes.graphql` gives it (`id: String!` where the mesh
 * says `ID!` would split one entity into two that never join).
 */
function declarationProblems(node: ObjectNode, polyseme: Polyseme, keyName: string): string[] {
  const expected = `@key(fields: "${polyseme.key}")`;
  const keys = (node.directives ?? []).filter((d) => `@${d.name.value}` === keyName);
  if (keys.length === 0) {
    return [
      `polyseme "${polyseme.name}" is declared without a key. ${POLYSEMES_FILE} defines it with ${expected}; ` +
        `declare it with that key to link to the mesh-wide ${polyseme.name}.`,
    ];
  }
  for (const key of keys) {
    const fields = keyFieldsOf(key) ?? '';
    if (normalizeKeyFields(fields) !== polyseme.key) {
      return [
        `polyseme "${polyseme.name}" is declared with @key(fields: "${fields}"), but ${POLYSEMES_FILE} ` +
          `defines it with ${expected}. Use that key, or name your type differently if it is not the mesh-wide ${polyseme.name}.`,
      ];
    }
  }
  return (node.fields ?? []).flatMap((field) => {
    const expectedType = polyseme.fieldTypes[field.name.value];
    const declared = print(field.type);
    return expectedType !== undefined && declared !== expectedType
      ? [`polyseme "${polyseme.name}" declares its key field "${field.name.value}" as ${declared}, but ${POLYSEMES_FILE} defines it as ${expectedType}. Declare "${field.name.value}: ${expectedType}", so that its references join the mesh-wide ${polyseme.name}.`]
      : [];
  });
}

const isObjectNode = (definition: DocumentNode['definitions'][number]): definition is ObjectNode =>
  definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION;

/**
 * What is wrong with the polysemes a document declares, against
 * `schema/polysemes.graphql`: each problem names the polyseme, what it
 * expects and what came. `name` names federation directives as the document
 * imports them (see `withFederationLink`).
 */
export function polysemeProblems(document: DocumentNode, name: FederationName): string[] {
  return document.definitions.filter(isObjectNode).flatMap((definition) => {
    const polyseme = POLYSEMES.get(definition.name.value);
    return polyseme ? declarationProblems(definition, polyseme, name('@key')) : [];
  });
}

function urnField(polyseme: Polyseme, shareable: string): FieldDefinitionNode {
  const example = polyseme.urnPattern.replace('{id}', '…');
  const type = parse(`type T { "Permanent global address of this ${polyseme.name}, \`${example}\`." urn: ID! ${shareable} }`)
    .definitions[0] as ObjectTypeDefinitionNode;
  return type.fields![0]!;
}

/**
 * Checks every polyseme the document declares against `schema/polysemes.graphql`
 * (same key and key types, or a `PolysemeError` naming the polyseme, what is
 * expected and the file; see `polysemeProblems`) and gives each declaration a shareable `urn` field. Returns the
 * document and the `urn` resolvers.
 */
export function linkPolysemes(document: DocumentNode, name: FederationName, source: string) {
  const urnResolvers: Record<string, { urn: (entity: Record<string, unknown>) => string }> = {};
  const [problem] = polysemeProblems(document, name);
  if (problem) throw new PolysemeError(`${source}: ${problem}`);
  const definitions = document.definitions.map((definition) => {
    if (!isObjectNode(definition)) return definition;
    const polyseme = POLYSEMES.get(definition.name.value);
    if (!polyseme) return definition;
    urnResolvers[polyseme.name] = { urn: (entity) => entityUrn(polyseme.name, String(entity[polyseme.key])) };
    if (definition.fields?.some((field) => field.name.value === 'urn')) return definition;
    return { ...definition, fields: [...(definition.fields ?? []), urnField(polyseme, name('@shareable'))] };
  });
  return { document: { ...document, definitions }, urnResolvers };
}
