import {
  Kind,
  parse,
  print,
  type DefinitionNode,
  type DirectiveNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';
import { deprecationSunset } from '../../schema/index.ts';

/** A `@deprecated` element: its reason and the sunset date the reason states, if any. */
export interface Deprecation {
  readonly reason: string;
  /** `YYYY-MM-DD` (`deprecationSunset`). */
  readonly sunset?: string;
}

/** An argument or input field. */
export interface SurfaceInput {
  readonly type: TypeNode;
  /** Non-null with no default: every caller must give it. */
  readonly required: boolean;
  readonly deprecation?: Deprecation;
}

/** A field of an object or interface type. */
export interface SurfaceField {
  readonly type: TypeNode;
  readonly args: ReadonlyMap<string, SurfaceInput>;
  readonly deprecation?: Deprecation;
}

/** What clients of a schema can use: its types' fields and arguments, input fields, enum values and union members. */
export interface SchemaSurface {
  /** Object and interface types: their fields. */
  readonly outputs: ReadonlyMap<string, ReadonlyMap<string, SurfaceField>>;
  readonly inputs: ReadonlyMap<string, ReadonlyMap<string, SurfaceInput>>;
  readonly enums: ReadonlyMap<string, ReadonlyMap<string, { readonly deprecation?: Deprecation }>>;
  readonly unions: ReadonlyMap<string, ReadonlySet<string>>;
}

const DEFAULT_REASON = 'No longer supported';

/** Federation's own fields and types, and the link and join machinery of a supergraph: no client's concern. */
const internal = (name: string) => name.startsWith('_') || name.startsWith('link__') || name.startsWith('join__');
const hidden = (directives: readonly DirectiveNode[] | undefined) => directives?.some((d) => d.name.value === 'inaccessible') ?? false;

function deprecationOf(directives: readonly DirectiveNode[] | undefined): Deprecation | undefined {
  const directive = directives?.find((d) => d.name.value === 'deprecated');
  if (!directive) return undefined;
  const argument = directive.arguments?.find((a) => a.name.value === 'reason');
  const reason = argument?.value.kind === Kind.STRING ? argument.value.value : DEFAULT_REASON;
  const sunset = deprecationSunset(reason);
  return sunset === undefined ? { reason } : { reason, sunset };
}

function inputOf(node: InputValueDefinitionNode): SurfaceInput {
  const deprecation = deprecationOf(node.directives);
  return { type: node.type, required: node.type.kind === Kind.NON_NULL_TYPE && node.defaultValue === undefined, ...(deprecation ? { deprecation } : {}) };
}

function fieldOf(node: FieldDefinitionNode): SurfaceField {
  const deprecation = deprecationOf(node.directives);
  const args = new Map((node.arguments ?? []).filter((a) => !hidden(a.directives)).map((a) => [a.name.value, inputOf(a)] as const));
  return { type: node.type, args, ...(deprecation ? { deprecation } : {}) };
}

/**
 * The surface of an SDL: a subgraph's (Federation directives, `extend type`
 * and all) or any other schema's, read from its syntax alone, so a subgraph's
 * SDL needs none of the definitions it links. Types and fields marked
 * `@inaccessible` and Federation's own are left out.
 */
export function schemaSurface(sdl: string): SchemaSurface {
  const outputs = new Map<string, Map<string, SurfaceField>>();
  const inputs = new Map<string, Map<string, SurfaceInput>>();
  const enums = new Map<string, Map<string, { deprecation?: Deprecation }>>();
  const unions = new Map<string, Set<string>>();
  const entry = <V>(map: Map<string, V>, name: string, empty: () => V): V => {
    let value = map.get(name);
    if (value === undefined) map.set(name, (value = empty()));
    return value;
  };
  const visit = (definition: DefinitionNode) => {
    if (!('name' in definition) || !definition.name || internal(definition.name.value) || !('directives' in definition) || hidden(definition.directives)) return;
    const name = definition.name.value;
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const fields = entry(outputs, name, () => new Map<string, SurfaceField>());
        for (const field of definition.fields ?? []) if (!internal(field.name.value) && !hidden(field.directives)) fields.set(field.name.value, fieldOf(field));
        return;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION: {
        const fields = entry(inputs, name, () => new Map<string, SurfaceInput>());
        for (const field of definition.fields ?? []) if (!hidden(field.directives)) fields.set(field.name.value, inputOf(field));
        return;
      }
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION: {
        const values = entry(enums, name, () => new Map<string, { deprecation?: Deprecation }>());
        for (const value of definition.values ?? []) {
          if (hidden(value.directives)) continue;
          const deprecation = deprecationOf(value.directives);
          values.set(value.name.value, deprecation ? { deprecation } : {});
        }
        return;
      }
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION: {
        const members = entry(unions, name, () => new Set<string>());
        for (const member of definition.types ?? []) members.add(member.name.value);
        return;
      }
      default:
        return;
    }
  };
  for (const definition of parse(sdl).definitions) visit(definition);
  return { outputs, inputs, enums, unions };
}

/** The named type under a type's list and non-null wrappers. */
export function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** A type as SDL writes it: `[String!]!`. */
export const typeText = (type: TypeNode): string => print(type);

/**
 * The coordinates of the given surfaces (one schema's, or a mesh's
 * subgraphs') that reach values of one of `types`: fields of those types,
 * and arguments of them or of an input type holding them, at any depth.
 */
export function usersOf(surfaces: readonly SchemaSurface[], types: Iterable<string>): string[] {
  const holders = new Set(types);
  const valueTypes = new Set(holders);
  for (let grew = true; grew; ) {
    grew = false;
    for (const surface of surfaces) {
      for (const [input, fields] of surface.inputs) {
        if (!holders.has(input) && [...fields.values()].some((f) => holders.has(namedType(f.type)))) grew = Boolean(holders.add(input));
      }
    }
  }
  const users = new Set<string>();
  for (const surface of surfaces) {
    for (const [parent, fields] of surface.outputs) {
      for (const [name, field] of fields) {
        if (valueTypes.has(namedType(field.type))) users.add(`${parent}.${name}`);
        for (const [arg, input] of field.args) if (holders.has(namedType(input.type))) users.add(`${parent}.${name}(${arg}:)`);
      }
    }
  }
  return [...users];
}
