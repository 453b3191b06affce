import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { costWeights, MUTATION_COST } from './costWeights.ts';
import { NO_COST_DIRECTIVES, type CostDirectives } from './readCostDirectives.ts';

/** Options of `measureActualCost`. */
export interface ActualCostOptions {
  /** The schema the operation ran on. */
  schema: GraphQLSchema;
  /** The weights the estimate used. @default none: objects 1, leaves 0 */
  costDirectives?: CostDirectives;
  /** The request's variables, for the arguments' weights. @default {} */
  variables?: Readonly<Record<string, unknown>> | null;
  /** The operation that ran, when the document has several. @default the first */
  operationName?: string | null;
}

/**
 * The actual cost of an operation's result: the estimate's weights (see
 * `measureOperations`) applied to what the response holds, each list counted
 * by its items and each null object for nothing. It tells how far the
 * estimates are from what operations really return.
 */
export function measureActualCost(document: DocumentNode, data: Readonly<Record<string, unknown>>, options: ActualCostOptions): number {
  const { schema, costDirectives = NO_COST_DIRECTIVES, variables, operationName } = options;
  const weights = costWeights(costDirectives, variables);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  /** Whether a fragment on `condition` applies to `value`, an object of `parentType` (by its `__typename` when it has one). */
  const applies = (condition: string | undefined, parentType: GraphQLCompositeType, value: Readonly<Record<string, unknown>>) => {
    if (!condition || condition === parentType.name) return true;
    const typename = value['__typename'];
    if (typeof typename !== 'string') return true;
    const type = schema.getType(condition);
    return condition === typename || (!!type && isAbstractType(type) && schema.getPossibleTypes(type).some((t) => t.name === typename));
  };

  const selectionSet = (set: SelectionSetNode, parentType: GraphQLCompositeType, value: Readonly<Record<string, unknown>>, spread: Set<string>): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, parentType, value)) cost += selectionSet(selection.selectionSet, compositeNamed(selection.typeCondition?.name.value) ?? parentType, value, spread);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const definition = fragments.get(selection.name.value);
        if (!definition || spread.has(definition.name.value) || !applies(definition.typeCondition.name.value, parentType, value)) continue;
        cost += selectionSet(definition.selectionSet, compositeNamed(definition.typeCondition.name.value) ?? parentType, value, new Set(spread).add(definition.name.value));
        continue;
      }
      const key = selection.alias?.value ?? selection.name.value;
      const definition = 'getFields' in parentType ? parentType.getFields()[selection.name.value] : undefined;
      if (!definition || !(key in value)) continue;
      const type = getNamedType(definition.type);
      const weight = weights.field(parentType.name, definition);
      const item = (itemValue: unknown): number => {
        if (itemValue === null || itemValue === undefined) return 0;
        if (Array.isArray(itemValue)) return itemValue.reduce<number>((sum, v) => sum + item(v), 0);
        if (selection.selectionSet && isCompositeType(type) && typeof itemValue === 'object') {
          return weight + selectionSet(selection.selectionSet, type, itemValue as Record<string, unknown>, spread);
        }
        return weight;
      };
      cost += item(value[key]) + weights.arguments(selection, parentType.name, definition);
    }
    return cost;
  };

  const compositeNamed = (name: string | undefined): GraphQLCompositeType | undefined => {
    const type = name === undefined ? undefined : schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  };

  return selectionSet(operation.selectionSet, root, data, new Set()) + (operation.operation === 'mutation' ? MUTATION_COST : 0);
}
