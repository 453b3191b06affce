import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import { costWeights, MUTATION_COST } from './costWeights.ts';
import { NO_COST_DIRECTIVES, type CostDirectives, type ListSize } from './readCostDirectives.ts';

/** What the operations of a document ask for, as limits see them: the largest figure of any operation. */
export interface OperationMeasure {
  /** Deepest nesting of fields; introspection fields (`__schema`, `__typename`, …) do not count. */
  depth: number;
  /** Estimated cost, by the cost directives (IBM's GraphQL Cost Directive specification). */
  cost: number;
  /** Aliased fields, each fragment spread counted as often as it is spread. */
  aliases: number;
  /** Fields at the root of an operation, each fragment spread counted as often as it is spread. */
  rootFields: number;
  /** Fields at any depth, each fragment spread counted as often as it is spread. */
  fields: number;
  /** Why the cost cannot be estimated (a field that needs exactly one slicing argument got none, or two), if so. */
  costError?: GraphQLError;
}

/** Options of `measureOperations`. */
export interface MeasureOptions {
  /** The schema the document runs on: it tells which fields are lists and objects; without it a `first`/`last` argument sizes the field's selection. */
  schema?: GraphQLSchema;
  /** The schema's `@cost` and `@listSize` weights and list sizes. @default none: objects 1, leaves 0, lists `defaultListSize` */
  costDirectives?: CostDirectives;
  /** The request's variables, for sizes given as `first: $n`. @default {} */
  variables?: Readonly<Record<string, unknown>> | null;
  /** Size assumed of a list that no slicing argument or `@listSize(assumedSize)` sizes. @default 20 */
  defaultListSize?: number;
}

/** The figures of one selection set, every fragment in it expanded. */
interface Figures {
  depth: number;
  cost: number;
  aliases: number;
  /** Fields of this selection set itself (an operation's root fields). */
  fields: number;
  /** Fields at any depth. */
  allFields: number;
}

const NOTHING: Figures = { depth: 0, cost: 0, aliases: 0, fields: 0, allFields: 0 };

/** The list size a field with `@listSize(sizedFields)` passes on to those fields. */
interface SizedFields {
  size: number;
  fields: readonly string[];
}

/** Arguments that size a field's selection when there is no schema to tell more. */
const SIZE_ARGUMENTS = new Set(['first', 'last']);

/**
 * Measures every operation of a document in time linear in its size: each
 * fragment is measured once and its figures reused at every spread (a
 * document whose fragments each spread the next one twice is as cheap to
 * measure as it is to read, however large its expansion). A fragment cycle
 * adds nothing (validation reports it).
 *
 * The cost follows IBM's GraphQL Cost Directive specification as Apollo
 * Router computes it: a field costs its weight (`@cost`, else 1 for an
 * object and 0 for a leaf) plus its selection's cost, times its list size,
 * plus its arguments' weights; a mutation costs 10 more. A list's size is
 * the largest slicing argument given (a variable or the argument's default
 * too) of its `@listSize`, else its `assumedSize`, else `defaultListSize`;
 * a `@listSize` with `sizedFields` sizes those fields of the returned object
 * (a connection's `edges`) instead. Fields under `@skip(if: true)` or
 * `@include(if: false)` cost nothing.
 */
export function measureOperations(document: DocumentNode, options: MeasureOptions = {}): OperationMeasure {
  const { schema, costDirectives = NO_COST_DIRECTIVES, variables, defaultListSize = 20 } = options;
  const weights = costWeights(costDirectives, variables);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // A fragment's figures depend only on the sizes the field around it passes on (its type is its type condition).
  const measured = new Map<string, Figures | 'measuring'>();
  let costError: GraphQLError | undefined;

  const typeNamed = (name: string | undefined): GraphQLCompositeType | undefined => {
    const type = name === undefined ? undefined : schema?.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  };

  const intValue = (value: ValueNode): number | undefined => {
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const given = variables?.[value.name.value];
      return typeof given === 'number' && Number.isFinite(given) ? given : undefined;
    }
    return undefined;
  };

  /** The size a field's `@listSize` gives: the largest slicing argument (given, or its default), else `assumedSize`. */
  const expectedSize = (field: FieldNode, parentType: string, definition: GraphQLField<unknown, unknown>, listSize: ListSize): number | undefined => {
    const sizes = new Map<string, number>();
    for (const argument of definition.args) {
      if (listSize.slicingArguments.includes(argument.name) && typeof argument.defaultValue === 'number') sizes.set(argument.name, argument.defaultValue);
    }
    for (const argument of field.arguments ?? []) {
      if (!listSize.slicingArguments.includes(argument.name.value)) continue;
      const size = intValue(argument.value);
      if (size !== undefined) sizes.set(argument.name.value, size);
    }
    if (listSize.slicingArguments.length > 0 && listSize.requireOneSlicingArgument && sizes.size !== 1) {
      costError ??= new GraphQLError(
        `"${parentType}.${definition.name}" takes exactly one of its slicing arguments (${listSize.slicingArguments.map((a) => `"${a}"`).join(', ')}); ` +
          `the operation gives ${sizes.size}. Give one, so that its cost can be estimated.`,
        { extensions: { code: ErrorCode.BAD_USER_INPUT } },
      );
    }
    return sizes.size > 0 ? Math.max(0, ...sizes.values()) : listSize.assumedSize;
  };

  /** Without a schema: a `first`/`last` argument sizes the field's own selection. */
  const sizeArgument = (field: FieldNode): number | undefined => {
    for (const argument of field.arguments ?? []) {
      if (SIZE_ARGUMENTS.has(argument.name.value)) return intValue(argument.value) ?? defaultListSize;
    }
    return undefined;
  };

  const add = (total: Figures, part: Figures): void => {
    total.depth = Math.max(total.depth, part.depth);
    total.cost += part.cost;
    total.aliases += part.aliases;
    total.fields += part.fields;
    total.allFields += part.allFields;
  };

  const fragment = (name: string, sized: SizedFields | undefined): Figures => {
    const key = `${sized ? `${sized.size}:${sized.fields.join(',')}` : '-'}:${name}`;
    const known = measured.get(key);
    if (known === 'measuring') return NOTHING;
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition) return NOTHING;
    measured.set(key, 'measuring');
    const figures = selectionSet(definition.selectionSet, typeNamed(definition.typeCondition.name.value), sized);
    measured.set(key, figures);
    return figures;
  };

  /** The cost of a field's values, its selection's cost `inner` included. */
  const fieldCost = (field: FieldNode, parentType: GraphQLCompositeType | undefined, definition: GraphQLField<unknown, unknown> | undefined, sized: SizedFields | undefined, inner: number, expected: number | undefined): number => {
    if (!parentType || !definition) {
      const size = sizeArgument(field) ?? 1;
      return (field.selectionSet ? 1 : 0) + size * inner;
    }
    const isList = isListType(getNullableType(definition.type));
    const count = !isList ? 1 : sized?.fields.includes(field.name.value) ? sized.size : (expected ?? defaultListSize);
    return count * (weights.field(parentType.name, definition) + inner) + weights.arguments(field, parentType.name, definition);
  };

  function selectionSet(set: SelectionSetNode, parentType: GraphQLCompositeType | undefined, sized: SizedFields | undefined): Figures {
    const total: Figures = { depth: 0, cost: 0, aliases: 0, fields: 0, allFields: 0 };
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          total.fields++;
          total.allFields++;
          if (selection.alias) total.aliases++;
          const name = selection.name.value;
          // Introspection is bounded by the schema (and graphql-js limits its nesting): tools keep working.
          if (name.startsWith('__')) break;
          const definition = parentType && 'getFields' in parentType ? parentType.getFields()[name] : undefined;
          const listSize = definition && costDirectives.listSizes.get(`${parentType!.name}.${name}`);
          const expected = definition && listSize ? expectedSize(selection, parentType!.name, definition, listSize) : undefined;
          const passOn = listSize && expected !== undefined && listSize.sizedFields.length > 0 ? { size: expected, fields: listSize.sizedFields } : undefined;
          const inner = selection.selectionSet
            ? selectionSet(selection.selectionSet, definition ? typeNamed(getNamedType(definition.type).name) : undefined, passOn)
            : NOTHING;
          total.depth = Math.max(total.depth, 1 + inner.depth);
          total.aliases += inner.aliases;
          total.allFields += inner.allFields;
          if (!skipped(selection.directives)) total.cost += fieldCost(selection, parentType, definition, sized, inner.cost, expected);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          add(total, selectionSet(selection.selectionSet, typeNamed(selection.typeCondition?.name.value) ?? parentType, sized));
          break;
        case Kind.FRAGMENT_SPREAD:
          add(total, fragment(selection.name.value, sized));
          break;
        default: {
          const unexpected: never = selection;
          throw new TypeError(`Unexpected selection ${JSON.stringify(unexpected)}`);
        }
      }
    }
    return total;
  }

  /** Whether `@skip(if: true)` or `@include(if: false)` leaves the field out, its condition given or a variable. */
  function skipped(directives: readonly DirectiveNode[] | undefined): boolean {
    for (const directive of directives ?? []) {
      const name = directive.name.value;
      if (name !== 'skip' && name !== 'include') continue;
      const condition = directive.arguments?.find((a) => a.name.value === 'if')?.value;
      const value = condition?.kind === Kind.BOOLEAN ? condition.value : condition?.kind === Kind.VARIABLE ? variables?.[condition.name.value] : undefined;
      if (typeof value === 'boolean' && value === (name === 'skip')) return true;
    }
    return false;
  }

  const measure: OperationMeasure = { depth: 0, cost: 0, aliases: 0, rootFields: 0, fields: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema?.getRootType(definition.operation) ?? undefined;
    const figures = selectionSet(definition.selectionSet, root, undefined);
    measure.depth = Math.max(measure.depth, figures.depth);
    measure.cost = Math.max(measure.cost, figures.cost + (definition.operation === 'mutation' ? MUTATION_COST : 0));
    measure.aliases = Math.max(measure.aliases, figures.aliases);
    measure.rootFields = Math.max(measure.rootFields, figures.fields);
    measure.fields = Math.max(measure.fields, figures.allFields);
  }
  if (costError) measure.costError = costError;
  return measure;
}

/** How deeply the deepest operation of a document nests; introspection fields do not count. */
export function documentDepth(document: DocumentNode): number {
  return measureOperations(document).depth;
}
