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

/** A field of the operation as measured: where its value is, what one value weighs, and its selections when it is an object's. */
interface CostField {
  kind: 'field';
  key: string;
  weight: number;
  argumentsWeight: number;
  selections: CostSelections | undefined;
}

/** A fragment (spread or inline) as measured: its selections count for an object its type condition admits. */
interface CostFragment {
  kind: 'fragment';
  /** The type condition, when it must be tested on each object's `__typename`; none when it always applies. */
  condition: string | undefined;
  /** The object types an abstract condition admits. */
  possibleTypes: ReadonlySet<string> | undefined;
  selections: CostSelections;
}

type CostSelections = readonly (CostField | CostFragment)[];

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
  return compileActualCost(document, options)(data);
}

/**
 * `measureActualCost` of one operation, its weights and type conditions
 * worked out once from the document, so measuring a response only walks
 * the response: the same operation (with the same variables) can be
 * measured again and again with it.
 */
export function compileActualCost(document: DocumentNode, options: ActualCostOptions): (data: Readonly<Record<string, unknown>>) => number {
  const { schema, costDirectives = NO_COST_DIRECTIVES, variables, operationName } = options;
  const weights = costWeights(costDirectives, variables);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return () => 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return () => 0;
  const extra = operation.operation === 'mutation' ? MUTATION_COST : 0;

  const compositeNamed = (name: string | undefined): GraphQLCompositeType | undefined => {
    const type = name === undefined ? undefined : schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  };

  /** A fragment on `condition` within `parentType`: tested per object unless the condition is the parent type itself. */
  const fragment = (condition: string | undefined, parentType: GraphQLCompositeType, selections: CostSelections): CostFragment => {
    const tested = condition !== undefined && condition !== parentType.name ? condition : undefined;
    const type = tested === undefined ? undefined : schema.getType(tested);
    const possibleTypes = type && isAbstractType(type) ? new Set(schema.getPossibleTypes(type).map((t) => t.name)) : undefined;
    return { kind: 'fragment', condition: tested, possibleTypes, selections };
  };

  // A named fragment is compiled once per parent type, and shared by every spread of it there.
  const compiledFragments = new Map<string, CostSelections>();
  const compile = (set: SelectionSetNode, parentType: GraphQLCompositeType, spreading: Set<string>): CostSelections => {
    const compiled: (CostField | CostFragment)[] = [];
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        compiled.push(fragment(condition, parentType, compile(selection.selectionSet, compositeNamed(condition) ?? parentType, spreading)));
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const definition = fragments.get(selection.name.value);
        // A fragment never spreads itself (validation refuses the cycle; it counts nothing here).
        if (!definition || spreading.has(definition.name.value)) continue;
        const condition = definition.typeCondition.name.value;
        const key = `${definition.name.value}\u0000${parentType.name}`;
        let selections = compiledFragments.get(key);
        if (!selections) {
          spreading.add(definition.name.value);
          selections = compile(definition.selectionSet, compositeNamed(condition) ?? parentType, spreading);
          spreading.delete(definition.name.value);
          compiledFragments.set(key, selections);
        }
        compiled.push(fragment(condition, parentType, selections));
        continue;
      }
      const definition = 'getFields' in parentType ? parentType.getFields()[selection.name.value] : undefined;
      if (!definition) continue;
      const type = getNamedType(definition.type);
      compiled.push({
        kind: 'field',
        key: selection.alias?.value ?? selection.name.value,
        weight: weights.field(parentType.name, definition),
        argumentsWeight: weights.arguments(selection, parentType.name, definition),
        selections: selection.selectionSet && isCompositeType(type) ? compile(selection.selectionSet, type, spreading) : undefined,
      });
    }
    return compiled;
  };
  const selections = compile(operation.selectionSet, root, new Set());
  return (data) => costOf(selections, data) + extra;
}

/** What an object's selections weigh. */
function costOf(selections: CostSelections, value: Readonly<Record<string, unknown>>): number {
  let cost = 0;
  for (const selection of selections) {
    if (selection.kind === 'fragment') {
      if (applies(selection, value)) cost += costOf(selection.selections, value);
      continue;
    }
    if (!(selection.key in value)) continue;
    cost += valueCost(value[selection.key], selection) + selection.argumentsWeight;
  }
  return cost;
}

/** Whether a fragment counts for `value`: by its `__typename`, when it has one. */
function applies(fragment: CostFragment, value: Readonly<Record<string, unknown>>): boolean {
  const { condition } = fragment;
  if (condition === undefined) return true;
  const typename = value['__typename'];
  if (typeof typename !== 'string') return true;
  return condition === typename || fragment.possibleTypes?.has(typename) === true;
}

/** What a field's value weighs: each list item counted, each null nothing, each object its weight and its selections'. */
function valueCost(value: unknown, field: CostField): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) {
    let sum = 0;
    for (const item of value) sum += valueCost(item, field);
    return sum;
  }
  if (field.selections && typeof value === 'object') return field.weight + costOf(field.selections, value as Readonly<Record<string, unknown>>);
  return field.weight;
}
