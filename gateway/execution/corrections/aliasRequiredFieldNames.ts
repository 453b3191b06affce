import type { SelectionSet, Supergraph } from '@apollo/federation-internals';
import { isAbstractType, isObjectType, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLCompositeType, type GraphQLSchema } from 'graphql';
import { requirementsOf } from './requirementsOf.ts';

/** An operation whose fields would meet a `@requires` of the same name, aliased apart. */
export interface AliasedOperation {
  /** The operation to plan, and to shape the response from. */
  document: DocumentNode;
  /** The response name each alias stands for: the shaped response, and error paths, say the name, not the alias. */
  responseNames: ReadonlyMap<string, string>;
}

/**
 * Gives a generated alias to each unaliased field of the operation that
 * takes arguments and that some `@requires` also selects on its type.
 *
 * Apollo's planner keys the selections of a fetch by response name
 * (`Field.key()` of @apollo/federation-internals), so when a `@requires`
 * adds `comments(limit: 3)` to the fetch that serves the client's
 * `comments(limit: 1)`, the two become one field with the arguments added
 * first: the client gets the three comments the requirement asked for. Its
 * `requires` say `comments`, without arguments, so the executor cannot tell
 * them apart either. Aliased, the client's field has a response name of its
 * own, which no `@requires` uses (they cannot hold aliases), and the planner
 * fetches both. Pure; once per operation, before planning. `apiSchema` is
 * the supergraph's API schema as graphql-js's, built when not given.
 */
export function aliasRequiredFieldNames(document: DocumentNode, supergraph: Supergraph, apiSchema?: GraphQLSchema): AliasedOperation {
  const required = requiredFieldsWithArguments(supergraph);
  const responseNames = new Map<string, string>();
  if (required.size === 0) return { document, responseNames };
  const prefix = unusedAliasPrefix(document);
  const schema = apiSchema ?? apiSchemaOf(supergraph);
  const typeInfo = new TypeInfo(schema);
  const aliased = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.FIELD](node) {
        const parent = typeInfo.getParentType();
        if (node.alias || !parent || !isRequired(required, schema, parent, node.name.value, typeInfo.getFieldDef()?.args.length ?? 0)) return undefined;
        const alias = `${prefix}${node.name.value}`;
        responseNames.set(alias, node.name.value);
        return { ...node, alias: { kind: Kind.NAME, value: alias } };
      },
    }),
  );
  return { document: responseNames.size > 0 ? aliased : document, responseNames };
}

function isRequired(required: ReadonlySet<string>, schema: GraphQLSchema, parent: GraphQLCompositeType, fieldName: string, argumentCount: number): boolean {
  if (argumentCount === 0) return false;
  if (required.has(`${parent.name}.${fieldName}`)) return true;
  // A requirement is written on a subgraph's type: an implementation, or an interface (object) of it.
  const related = isAbstractType(parent) ? schema.getPossibleTypes(parent) : isObjectType(parent) ? parent.getInterfaces() : [];
  return related.some((type) => required.has(`${type.name}.${fieldName}`));
}

/** `Type.field` of every field with arguments that a `@requires` selects, at any depth. */
function requiredFieldsWithArguments(supergraph: Supergraph): ReadonlySet<string> {
  const fields = new Set<string>();
  const collect = (selectionSet: SelectionSet | undefined) => {
    for (const selection of selectionSet?.selections() ?? []) {
      if (selection.kind === 'FieldSelection' && selection.element.definition.arguments().length > 0) {
        fields.add(`${selection.element.parentType.name}.${selection.element.name}`);
      }
      collect(selection.selectionSet);
    }
  };
  for (const requirement of requirementsOf(supergraph)) collect(requirement.selectionSet);
  return fields;
}

/** An alias prefix no alias of the document starts with. */
function unusedAliasPrefix(document: DocumentNode): string {
  const aliases: string[] = [];
  visit(document, { [Kind.FIELD]: (node) => void (node.alias && aliases.push(node.alias.value)) });
  for (let n = 0; ; n++) {
    const prefix = n === 0 ? '_mg_' : `_mg${n}_`;
    if (!aliases.some((alias) => alias.startsWith(prefix))) return prefix;
  }
}

const apiSchemas = new WeakMap<Supergraph, GraphQLSchema>();

function apiSchemaOf(supergraph: Supergraph): GraphQLSchema {
  let schema = apiSchemas.get(supergraph);
  if (!schema) apiSchemas.set(supergraph, (schema = supergraph.apiSchema().toGraphQLJSSchema()));
  return schema;
}
