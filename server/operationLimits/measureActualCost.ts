import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { costWeights, MUTATION_COST } from './costWeights.ts';
import { NO_COST_DIRECTIVES, type CostDirectives } from './readCostDirectives.ts';

/** A field of the operation as measured: its parent type, named type and weights. */
interface MeasuredField {
  parentType: GraphQLCompositeType;
  type: GraphQLNamedType;
  weight: number;
  argumentsWeight: number;
}

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
        // The fragments being spread, kept as the walk goes down and up (not a copy per object): a fragment never spreads itself.
        spread.add(definition.name.value);
        cost += selectionSet(definition.selectionSet, compositeNamed(definition.typeCondition.name.value) ?? parentType, value, spread);
        spread.delete(definition.name.value);
        continue;
      }
      const key = selection.alias?.value ?? selection.name.value;
      if (!(key in value)) continue;
      const field = fieldOf(selection, parentType);
      if (field) cost += valueCost(value[key], field, selection.selectionSet, spread) + field.argumentsWeight;
    }
    return cost;
  };

  /** A field's definition and weights, looked up once per field of the operation (the response visits it once per object). */
  const fields = new Map<FieldNode, MeasuredField | null>();
  const fieldOf = (node: FieldNode, parentType: GraphQLCompositeType): MeasuredField | null => {
    let field = fields.get(node);
    if (field === undefined || (field && field.parentType !== parentType)) {
      const definition = 'getFields' in parentType ? parentType.getFields()[node.name.value] : undefined;
      const type = definition && getNamedType(definition.type);
      field = definition && type ? { parentType, type, weight: weights.field(parentType.name, definition), argumentsWeight: weights.arguments(node, parentType.name, definition) } : null;
      fields.set(node, field);
    }
    return field;
  };

  /** What a field's value weighs: each list item counted, each null nothing, each object its weight and its selections'. */
  const valueCost = (value: unknown, field: MeasuredField, set: SelectionSetNode | undefined, spread: Set<string>): number => {
    if (value === null || value === undefined) return 0;
    if (Array.isArray(value)) {
      let sum = 0;
      for (const item of value) sum += valueCost(item, field, set, spread);
      return sum;
    }
    if (set && isCompositeType(field.type) && typeof value === 'object') return field.weight + selectionSet(set, field.type, value as Record<string, unknown>, spread);
    return field.weight;
  };

  const compositeNamed = (name: string | undefined): GraphQLCompositeType | undefined => {
    const type = name === undefined ? undefined : schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  };

  return selectionSet(operation.selectionSet, root, data, new Set()) + (operation.operation === 'mutation' ? MUTATION_COST : 0);
}
