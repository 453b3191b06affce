import {
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  GraphQLEnumType,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSkipDirective,
  GraphQLUnionType,
  isAbstractType,
  Kind,
  SchemaMetaFieldDef,
  typeFromAST,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type FragmentSpreadNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import type { Restriction } from './decideField.ts';

/** Decides one field of one row (the row matters to data localization). */
export type RowDecision = (typeName: string, fieldName: string, row: Readonly<Record<string, unknown>>) => Restriction | undefined;

export interface MaskOptions {
  /** The API schema the client's document was validated against. */
  schema: GraphQLSchema;
  /** The client's own document: the masked result has exactly its shape. */
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  decide: RowDecision;
  /** The keyed hash of a value, for fields served pseudonymised. */
  pseudonym: (value: unknown) => string;
}

/** Where an error happened, as graphql-js keeps it: each step knows the one before. */
interface Path {
  readonly prev: Path | undefined;
  readonly key: string | number;
}

/** A field's response key and every node of the document that asks for it, in document order. */
type CollectedFields = Map<string, FieldNode[]>;

const pathToArray = (path: Path | undefined): (string | number)[] => {
  const keys: (string | number)[] = [];
  for (let step = path; step; step = step.prev) keys.push(step.key);
  return keys.reverse();
};

/** A field error where graphql-js would put it: at the field's nodes and path. */
const located = (message: string, nodes: readonly FieldNode[], path: Path | undefined, extensions?: Record<string, unknown>) =>
  new GraphQLError(message, { nodes, path: pathToArray(path), ...(extensions ? { extensions } : {}) });

/** The error a masked field carries: what the caller may not read, the rule, and what to do; located at `nodes` and `path` when given. */
export function restrictionError(coordinate: string, restriction: Restriction, at?: { nodes: readonly FieldNode[]; path: readonly (string | number)[] }): GraphQLError {
  const { rule, decision, product, level, remedy } = restriction;
  const what = product && level ? `is ${level} in data product ${product}` : 'is restricted';
  return new GraphQLError(`"${coordinate}" ${what}; rule "${rule}" ${decision === 'denied' ? 'denies' : 'masks'} it for this caller. To read it: ${remedy}.`, {
    ...(at ? { nodes: at.nodes, path: at.path } : {}),
    extensions: { code: ErrorCode.FORBIDDEN, rule, field: coordinate, decision, ...(product ? { urn: product } : {}), ...(level ? { classification: level } : {}) },
  });
}

/**
 * Masks a result the gateway fetched: walks it along the client's own
 * document, each field read by its response key, as graphql-js would execute
 * the document over it (fragments, `@skip`/`@include`, abstract types by
 * `__typename`, null propagation, error paths and locations), without
 * executing anything. A restricted field becomes null with an error naming
 * the rule, or a pseudonym; the errors the result already had stay first.
 * Keys the gateway fetched for itself (row rules' fields, `__typename` of
 * abstract types) are left out: the client gets exactly what it asked for.
 */
export function maskResult(result: ExecutionResult, options: MaskOptions): ExecutionResult {
  if (!result.data) return result;
  const { schema, document, operationName, variables, decide, pseudonym } = options;
  const operation = getOperationAST(document, operationName);
  const rootType = operation && schema.getRootType(operation.operation);
  if (!operation || !rootType) return result; // validation refuses such a document before the gateway runs it
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const errors: GraphQLError[] = [];

  // Coerced only if a document's @skip or @include reads them (as graphql-js coerces them before executing).
  let coerced: Record<string, unknown> | undefined;
  const variableValues = () => {
    if (!coerced) {
      const values = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
      coerced = values.coerced ?? {};
    }
    return coerced;
  };
  const included = (node: FieldNode | InlineFragmentNode | FragmentSpreadNode) => {
    if (!node.directives || node.directives.length === 0) return true;
    if (getDirectiveValues(GraphQLSkipDirective, node, variableValues())?.['if'] === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, variableValues())?.['if'] !== false;
  };
  const matches = (typeCondition: InlineFragmentNode['typeCondition'], type: GraphQLObjectType) => {
    if (!typeCondition) return true;
    const condition = typeFromAST(schema, typeCondition);
    if (condition === type) return true;
    return condition !== undefined && isAbstractType(condition) && schema.isSubType(condition, type);
  };
  const collect = (type: GraphQLObjectType, selectionSet: SelectionSetNode, fields: CollectedFields, visited: Set<string>) => {
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          if (!included(selection)) continue;
          const key = selection.alias?.value ?? selection.name.value;
          const nodes = fields.get(key);
          if (nodes) nodes.push(selection);
          else fields.set(key, [selection]);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          if (included(selection) && matches(selection.typeCondition, type)) collect(type, selection.selectionSet, fields, visited);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          if (visited.has(name) || !included(selection)) continue;
          visited.add(name);
          const fragment = fragments.get(name);
          if (fragment && matches(fragment.typeCondition, type)) collect(type, fragment.selectionSet, fields, visited);
          break;
        }
      }
    }
    return fields;
  };
  // The fields an object of `type` answers for `nodes`: the same for every row of a list, so collected once.
  const subfieldsOf = new Map<readonly FieldNode[], Map<GraphQLObjectType, CollectedFields>>();
  const subfields = (type: GraphQLObjectType, nodes: readonly FieldNode[]) => {
    let byType = subfieldsOf.get(nodes);
    if (!byType) subfieldsOf.set(nodes, (byType = new Map()));
    let fields = byType.get(type);
    if (!fields) {
      const visited = new Set<string>();
      fields = new Map();
      for (const node of nodes) if (node.selectionSet) collect(type, node.selectionSet, fields, visited);
      byType.set(type, fields);
    }
    return fields;
  };

  const fieldDef = (parent: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (parent === schema.getQueryType() && (name === SchemaMetaFieldDef.name || name === TypeMetaFieldDef.name)) return name === SchemaMetaFieldDef.name ? SchemaMetaFieldDef : TypeMetaFieldDef;
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    return parent.getFields()[name];
  };

  /** A field's error: null in its place, or thrown on to the parent when the field cannot be null (graphql-js's `handleFieldError`). */
  const fieldError = (error: unknown, type: GraphQLOutputType, nodes: readonly FieldNode[], path: Path): null => {
    const graphQLError = error instanceof GraphQLError ? error : located(error instanceof Error ? error.message : String(error), nodes, path);
    if (type instanceof GraphQLNonNull) throw graphQLError;
    errors.push(graphQLError);
    return null;
  };

  // Ordinary objects, which V8 builds, walks and serializes several times faster than null-prototype dictionaries,
  // unless a key is a name every object inherits (`constructor`, `__proto__`…): it would read as present, or set the prototype.
  const inheritedKey = new Map<CollectedFields, boolean>();
  const emptyFor = (fields: CollectedFields): Record<string, unknown> => {
    let inherited = inheritedKey.get(fields);
    if (inherited === undefined) {
      inherited = [...fields.keys()].some((key) => key in Object.prototype);
      inheritedKey.set(fields, inherited);
    }
    return inherited ? (Object.create(null) as Record<string, unknown>) : {};
  };

  const executeFields = (type: GraphQLObjectType, row: Record<string, unknown>, fields: CollectedFields, path: Path | undefined) => {
    const out = emptyFor(fields);
    for (const [key, nodes] of fields) {
      const value = executeField(type, row, nodes, key, { prev: path, key });
      if (value !== undefined) out[key] = value;
    }
    return out;
  };

  const executeField = (parent: GraphQLObjectType, row: Record<string, unknown>, nodes: FieldNode[], key: string, path: Path): unknown => {
    const name = nodes[0]!.name.value;
    const def = fieldDef(parent, name);
    if (!def) return undefined;
    if (def === TypeNameMetaFieldDef) return parent.name;
    let value = row[key];
    try {
      // Introspection answers from the schema, whose fields no policy classifies.
      const restriction = def === SchemaMetaFieldDef || def === TypeMetaFieldDef ? undefined : decide(parent.name, name, row);
      if (restriction) {
        if (!restriction.pseudonymise || value === null || value === undefined) {
          return fieldError(restrictionError(`${parent.name}.${name}`, restriction, { nodes, path: pathToArray(path) }), def.type, nodes, path);
        }
        value = pseudonym(value);
      }
      return complete(def.type, parent, nodes, path, value);
    } catch (error) {
      return fieldError(error, def.type, nodes, path);
    }
  };

  // Types are told apart with instanceof: graphql-js's isNonNullType and the like cost more outside production.
  const complete = (type: GraphQLOutputType, parent: GraphQLObjectType, nodes: FieldNode[], path: Path, value: unknown): unknown => {
    if (type instanceof GraphQLNonNull) {
      const completed = complete(type.ofType, parent, nodes, path, value);
      if (completed === null) throw located(`Cannot return null for non-nullable field ${parent.name}.${nodes[0]!.name.value}.`, nodes, path);
      return completed;
    }
    if (value === null || value === undefined) return null;
    if (type instanceof GraphQLList) {
      if (!Array.isArray(value)) throw located(`Expected Iterable, but did not find one for field "${parent.name}.${nodes[0]!.name.value}".`, nodes, path);
      const itemType = type.ofType;
      return value.map((item, index) => {
        const itemPath = { prev: path, key: index };
        try {
          return complete(itemType, parent, nodes, itemPath, item);
        } catch (error) {
          return fieldError(error, itemType, nodes, itemPath);
        }
      });
    }
    // The gateway's result is serialized already; a pseudonym is a string like the values it stands for.
    if (type instanceof GraphQLScalarType || type instanceof GraphQLEnumType) return value;
    let object: GraphQLObjectType;
    if (type instanceof GraphQLInterfaceType || type instanceof GraphQLUnionType) {
      const name = (value as { __typename?: unknown }).__typename;
      const runtime = typeof name === 'string' ? schema.getType(name) : undefined;
      const where = `for field "${parent.name}.${nodes[0]!.name.value}"`;
      if (typeof name !== 'string') throw located(`Abstract type "${type.name}" must resolve to an Object type at runtime ${where}. Either the "${type.name}" type should provide a "resolveType" function or each possible type should provide an "isTypeOf" function.`, nodes, path);
      if (!runtime) throw located(`Abstract type "${type.name}" was resolved to a type "${name}" that does not exist inside the schema.`, nodes, path);
      if (!(runtime instanceof GraphQLObjectType)) throw located(`Abstract type "${type.name}" was resolved to a non-object type "${name}".`, nodes, path);
      if (!schema.isSubType(type, runtime)) throw located(`Runtime Object type "${runtime.name}" is not a possible type for "${type.name}".`, nodes, path);
      object = runtime;
    } else object = type;
    return executeFields(object, value as Record<string, unknown>, subfields(object, nodes), path);
  };

  // A masked field's error would capture a stack trace nobody reads, at some 80 µs each: most of the cost of masking.
  // The walk is synchronous, so the limit is ours alone while it runs.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let data: Record<string, unknown> | null;
  try {
    data = executeFields(rootType, result.data as Record<string, unknown>, collect(rootType, operation.selectionSet, new Map(), new Set()), undefined);
  } catch (error) {
    // A field that cannot be null was masked at the root: the whole data is null.
    errors.push(error as GraphQLError);
    data = null;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const all = [...(result.errors ?? []), ...errors];
  return { ...result, data, ...(all.length > 0 ? { errors: all } : {}) };
}
