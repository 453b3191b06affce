import {
  Kind,
  parse,
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

function assertKey(node: ObjectNode, polyseme: Polyseme, keyName: string, source: string): void {
  const expected = `@key(fields: "${polyseme.key}")`;
  const keys = (node.directives ?? []).filter((d) => `@${d.name.value}` === keyName);
  if (keys.length === 0) {
    throw new PolysemeError(
      `${source}: polyseme "${polyseme.name}" is declared without a key. ${POLYSEMES_FILE} defines it with ${expected}; ` +
        `declare it with that key to link to the mesh-wide ${polyseme.name}.`,
    );
  }
  for (const key of keys) {
    const fields = keyFieldsOf(key) ?? '';
    if (normalizeKeyFields(fields) !== polyseme.key) {
      throw new PolysemeError(
        `${source}: polyseme "${polyseme.name}" is declared with @key(fields: "${fields}"), but ${POLYSEMES_FILE} ` +
          `defines it with ${expected}. Use that key, or name your type differently if it is not the mesh-wide ${polyseme.name}.`,
      );
    }
  }
}

function urnField(polyseme: Polyseme, shareable: string): FieldDefinitionNode {
  const example = polyseme.urnPattern.replace('{id}', '…');
  const type = parse(`type T { "Permanent global address of this ${polyseme.name}, \`${example}\`." urn: ID! ${shareable} }`)
    .definitions[0] as ObjectTypeDefinitionNode;
  return type.fields![0]!;
}

/**
 * Checks every polyseme the document declares against `schema/polysemes.graphql`
 * (same key, or a `PolysemeError` naming the polyseme, the expected key and
 * the file) and gives each declaration a shareable `urn` field. Returns the
 * document and the `urn` resolvers.
 */
export function linkPolysemes(document: DocumentNode, name: FederationName, source: string) {
  const urnResolvers: Record<string, { urn: (entity: Record<string, unknown>) => string }> = {};
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) return definition;
    const polyseme = POLYSEMES.get(definition.name.value);
    if (!polyseme) return definition;
    assertKey(definition, polyseme, name('@key'), source);
    urnResolvers[polyseme.name] = { urn: (entity) => entityUrn(polyseme.name, String(entity[polyseme.key])) };
    if (definition.fields?.some((field) => field.name.value === 'urn')) return definition;
    return { ...definition, fields: [...(definition.fields ?? []), urnField(polyseme, name('@shareable'))] };
  });
  return { document: { ...document, definitions }, urnResolvers };
}
