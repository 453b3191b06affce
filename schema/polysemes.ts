import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, type ConstArgumentNode, type ObjectTypeDefinitionNode } from 'graphql';

/** A mesh-wide polyseme as `schema/polysemes.graphql` defines it. */
export interface Polyseme {
  /** GraphQL type name, e.g. `Artist`. */
  name: string;
  /** The `fields` of its one `@key`, normalized, e.g. `id`. */
  key: string;
  /** The type of each field it defines, as GraphQL prints it, e.g. `{ id: 'ID!' }`: a declaration's key fields must have these. */
  fieldTypes: Readonly<Record<string, string>>;
  /** The domain that owns its identity. */
  owner: string;
  /** URN pattern with `{id}`, e.g. `urn:meshgraph:artist:{id}`. */
  urnPattern: string;
  description: string;
}

/** Path of the file that defines the polysemes, for messages. */
export const POLYSEMES_FILE = 'schema/polysemes.graphql';

/** Normalizes a `@key(fields:)` selection so that `"id"` and `" id "` compare equal. */
export function normalizeKeyFields(fields: string): string {
  return print(parse(`{ ${fields} }`)).replace(/\s+/g, ' ').replace(/^\{ | \}$/g, '').trim();
}

function stringArgument(args: readonly ConstArgumentNode[] | undefined, name: string): string | undefined {
  const value = args?.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function toPolyseme(node: ObjectTypeDefinitionNode): Polyseme {
  const key = stringArgument(node.directives?.find((d) => d.name.value === 'key')?.arguments, 'fields');
  const marker = node.directives?.find((d) => d.name.value === 'polyseme')?.arguments;
  const owner = stringArgument(marker, 'owner');
  const urnPattern = stringArgument(marker, 'urn');
  if (!key || !owner || !urnPattern) {
    throw new Error(`${POLYSEMES_FILE}: type "${node.name.value}" needs @key(fields:) and @polyseme(owner:, urn:).`);
  }
  return {
    name: node.name.value,
    key: normalizeKeyFields(key),
    fieldTypes: Object.fromEntries((node.fields ?? []).map((field) => [field.name.value, print(field.type)])),
    owner,
    urnPattern,
    description: node.description?.value ?? '',
  };
}

/** Reads and parses `schema/polysemes.graphql`. */
export function loadPolysemes(): Polyseme[] {
  const source = readFileSync(fileURLToPath(new URL('./polysemes.graphql', import.meta.url)), 'utf8');
  return parse(source)
    .definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
    .map(toPolyseme);
}

/** The mesh's polysemes, by type name. */
export const POLYSEMES: ReadonlyMap<string, Polyseme> = new Map(loadPolysemes().map((p) => [p.name, p]));
