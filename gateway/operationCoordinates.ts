import {
  getNamedType,
  isEnumType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { deprecationSunset } from '../schema/index.ts';

/** A deprecated field, argument or enum value an operation uses, as the response's `extensions.deprecations` lists it. */
export interface UsedDeprecation {
  /** `Type.field`, `Type.field(arg:)` or `Enum.VALUE`. */
  readonly coordinate: string;
  readonly reason: string;
  /** The day it stops being served, `YYYY-MM-DD`, when its reason states one (`deprecationSunset`). */
  readonly sunset?: string;
}

/** What one operation of a document uses of a schema. */
export interface OperationCoordinates {
  /** The operation's name, when it has one. */
  readonly name?: string;
  /** Each field selected (`Type.field`) and argument given (`Type.field(arg:)`) once, fragments included, `__typename` and introspection left out. */
  readonly coordinates: readonly string[];
  /** Of what it uses, what is deprecated. */
  readonly deprecations: readonly UsedDeprecation[];
}

const NOTHING: OperationCoordinates = { coordinates: [], deprecations: [] };
const cache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string | undefined, OperationCoordinates>>>();

/** The operation to run, and the fragments it spreads, at any depth. */
function operationParts(document: DocumentNode, operationName: string | undefined): [OperationDefinitionNode, ...FragmentDefinitionNode[]] | [] {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  if (!operation) return [];
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const parts: [OperationDefinitionNode, ...FragmentDefinitionNode[]] = [operation];
  const spread = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !spread.has(fragment.name.value)) {
          spread.add(fragment.name.value);
          parts.push(fragment);
          collect(fragment.selectionSet);
        }
      } else if (selection.selectionSet) collect(selection.selectionSet);
    }
  };
  collect(operation.selectionSet);
  return parts;
}

function collectCoordinates(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): OperationCoordinates {
  const parts = operationParts(document, operationName);
  const [operation] = parts;
  if (!operation) return NOTHING;
  const name = operation.name?.value;
  const coordinates = new Set<string>();
  const deprecations = new Map<string, UsedDeprecation>();
  const deprecated = (coordinate: string, reason: string | null | undefined) => {
    if (reason === null || reason === undefined || deprecations.has(coordinate)) return;
    const sunset = deprecationSunset(reason);
    deprecations.set(coordinate, sunset === undefined ? { coordinate, reason } : { coordinate, reason, sunset });
  };
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      if (!parent || !field || node.name.value.startsWith('__')) return;
      const coordinate = `${parent.name}.${field.name}`;
      coordinates.add(coordinate);
      deprecated(coordinate, field.deprecationReason);
    },
    Argument() {
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      const argument = typeInfo.getArgument();
      if (typeInfo.getDirective() || !parent || !field || !argument || field.name.startsWith('__')) return;
      const coordinate = `${parent.name}.${field.name}(${argument.name}:)`;
      coordinates.add(coordinate);
      deprecated(coordinate, argument.deprecationReason);
    },
    EnumValue(node) {
      const type = getNamedType(typeInfo.getInputType());
      const value = typeInfo.getEnumValue();
      if (isEnumType(type) && value) deprecated(`${type.name}.${node.value}`, value.deprecationReason);
    },
  });
  for (const part of parts) visit(part, visitor);
  return { ...(name === undefined ? {} : { name }), coordinates: [...coordinates], deprecations: [...deprecations.values()] };
}

/**
 * What an operation of `document` uses of `schema`: its coordinates and the
 * deprecated ones among them. Computed once per schema, document and
 * operation name (Apollo Server hands the same parsed document to every
 * request of the same query), so the answer costs a look-up after that, and
 * the same array, which the usage recorder keys on.
 */
export function operationCoordinates(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): OperationCoordinates {
  let byDocument = cache.get(schema);
  if (!byDocument) cache.set(schema, (byDocument = new WeakMap()));
  let byName = byDocument.get(document);
  if (!byName) byDocument.set(document, (byName = new Map()));
  let found = byName.get(operationName);
  if (!found) byName.set(operationName, (found = collectCoordinates(schema, document, operationName)));
  return found;
}
