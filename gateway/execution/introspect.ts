import { assert } from '@apollo/federation-internals';
import { executeSync, Kind, OperationTypeNode, visit, type FieldNode, type GraphQLSchema, type VariableDefinitionNode } from 'graphql';

/**
 * Answers one `__schema` or `__type` field of an operation from the API
 * schema, as Apollo's gateway does: a query of that field alone, with the
 * variables it uses.
 */
export function introspect(schema: GraphQLSchema, field: FieldNode, variableDefinitions: readonly VariableDefinitionNode[] | undefined, variables: Record<string, unknown> | undefined): unknown {
  const used = new Set<string>();
  visit(field, { Variable: ({ name }) => void used.add(name.value) });
  const definitions = variableDefinitions?.filter((definition) => used.has(definition.variable.name.value));
  assert(used.size === (definitions?.length ?? 0), () => `Should have found all used variables ${[...used].join(',')} in definitions ${JSON.stringify(variableDefinitions)}`);
  const { data, errors } = executeSync({
    schema,
    document: { kind: Kind.DOCUMENT, definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: OperationTypeNode.QUERY, variableDefinitions: definitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [field] } }] },
    rootValue: {},
    variableValues: variables,
  });
  assert(!errors || errors.length === 0, () => `Introspection query for ${JSON.stringify(field)} should not have failed but got ${JSON.stringify(errors)}`);
  assert(data, () => `Introspection query for ${JSON.stringify(field)} should not have failed`);
  const responseName = field.alias?.value ?? field.name.value;
  return Object.prototype.hasOwnProperty.call(data, responseName) ? data[responseName] : undefined;
}
