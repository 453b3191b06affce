import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** What the operations of a document ask for, as limits see them: the largest figure of any operation. */
export interface OperationMeasure {
  /** Deepest nesting of fields; introspection fields (`__schema`, `__typename`, …) do not count. */
  depth: number;
  /** Estimated field resolutions: each field counts 1, times the sizes of the lists above it. */
  cost: number;
  /** Aliased fields, each fragment spread counted as often as it is spread. */
  aliases: number;
  /** Fields at the root of an operation, each fragment spread counted as often as it is spread. */
  rootFields: number;
}

/** Options of `measureOperations`. */
export interface MeasureOptions {
  /** The schema the document runs on: it tells which fields are lists; without it only `first`/`last` arguments size lists. */
  schema?: GraphQLSchema;
  /** The request's variables, for sizes given as `first: $n`. @default {} */
  variables?: Readonly<Record<string, unknown>> | null;
  /** Size assumed of a list that no `first` or `last` argument sizes. @default 20 */
  defaultListSize?: number;
}

/** The figures of one selection set, every fragment in it expanded. */
interface Figures {
  depth: number;
  cost: number;
  aliases: number;
  fields: number;
}

const NOTHING: Figures = { depth: 0, cost: 0, aliases: 0, fields: 0 };

/** Arguments that say how many items a list field returns. */
const SIZE_ARGUMENTS = new Set(['first', 'last']);

/**
 * Measures every operation of a document in time linear in its size: each
 * fragment is measured once and its figures reused at every spread (a
 * document whose fragments each spread the next one twice is as cheap to
 * measure as it is to read, however large its expansion). A fragment cycle
 * adds nothing (validation reports it).
 *
 * The cost model: a field costs 1 plus its selection's cost times its list
 * size. A `first`/`last` argument (or `defaultListSize` where the schema
 * takes one but the operation gives none) sizes the field's list, or when
 * the field is an object (a connection) the list right inside it (its
 * `edges`); any other list counts `defaultListSize` items.
 */
export function measureOperations(document: DocumentNode, options: MeasureOptions = {}): OperationMeasure {
  const { schema, variables, defaultListSize = 20 } = options;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // A fragment's figures depend only on the size the field around it passes on (its type is its type condition).
  const measured = new Map<string, Figures | 'measuring'>();

  const typeNamed = (name: string | undefined): GraphQLCompositeType | undefined => {
    const type = name === undefined ? undefined : schema?.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  };

  const sizeArgument = (field: FieldNode): number | undefined => {
    for (const argument of field.arguments ?? []) {
      if (!SIZE_ARGUMENTS.has(argument.name.value)) continue;
      const { value } = argument;
      if (value.kind === Kind.INT) return Number(value.value);
      if (value.kind === Kind.VARIABLE) {
        const given = variables?.[value.name.value];
        return typeof given === 'number' && Number.isFinite(given) ? given : defaultListSize;
      }
    }
    return undefined;
  };

  /**
   * How many times a field's selection runs per parent item (`size`), and
   * the size it passes on to the lists right inside it (a connection's
   * `edges`): its `first` counts the items of its list, not its `totalCount`.
   */
  const listSize = (field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined, passedOn: number | undefined) => {
    const isList = definition !== undefined && isListType(getNullableType(definition.type));
    const sliced = sizeArgument(field) ?? (definition?.args.some((a) => SIZE_ARGUMENTS.has(a.name)) ? defaultListSize : undefined);
    if (sliced !== undefined) {
      const size = Math.max(0, sliced);
      // Without a schema, the sized field's own selection is what it multiplies.
      return isList || !definition ? { size, passOn: undefined } : { size: 1, passOn: size };
    }
    if (isList) return { size: passedOn ?? defaultListSize, passOn: undefined };
    return { size: 1, passOn: undefined };
  };

  const add = (total: Figures, part: Figures): void => {
    total.depth = Math.max(total.depth, part.depth);
    total.cost += part.cost;
    total.aliases += part.aliases;
    total.fields += part.fields;
  };

  const fragment = (name: string, passedOn: number | undefined): Figures => {
    const key = `${passedOn ?? '-'}:${name}`;
    const known = measured.get(key);
    if (known === 'measuring') return NOTHING;
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition) return NOTHING;
    measured.set(key, 'measuring');
    const figures = selectionSet(definition.selectionSet, typeNamed(definition.typeCondition.name.value), passedOn);
    measured.set(key, figures);
    return figures;
  };

  function selectionSet(set: SelectionSetNode, parentType: GraphQLCompositeType | undefined, passedOn: number | undefined): Figures {
    const total: Figures = { depth: 0, cost: 0, aliases: 0, fields: 0 };
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          total.fields++;
          if (selection.alias) total.aliases++;
          const name = selection.name.value;
          // Introspection is bounded by the schema (and graphql-js limits its nesting): tools keep working.
          if (name.startsWith('__')) break;
          const definition = parentType && 'getFields' in parentType ? parentType.getFields()[name] : undefined;
          const { size, passOn } = listSize(selection, definition, passedOn);
          const inner = selection.selectionSet
            ? selectionSet(selection.selectionSet, definition ? typeNamed(getNamedType(definition.type).name) : undefined, passOn)
            : NOTHING;
          total.depth = Math.max(total.depth, 1 + inner.depth);
          total.cost += 1 + size * inner.cost;
          total.aliases += inner.aliases;
          break;
        }
        case Kind.INLINE_FRAGMENT:
          add(total, selectionSet(selection.selectionSet, typeNamed(selection.typeCondition?.name.value) ?? parentType, passedOn));
          break;
        case Kind.FRAGMENT_SPREAD:
          add(total, fragment(selection.name.value, passedOn));
          break;
        default: {
          const unexpected: never = selection;
          throw new TypeError(`Unexpected selection ${JSON.stringify(unexpected)}`);
        }
      }
    }
    return total;
  }

  const measure: OperationMeasure = { depth: 0, cost: 0, aliases: 0, rootFields: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema?.getRootType(definition.operation) ?? undefined;
    const figures = selectionSet(definition.selectionSet, root, undefined);
    measure.depth = Math.max(measure.depth, figures.depth);
    measure.cost = Math.max(measure.cost, figures.cost);
    measure.aliases = Math.max(measure.aliases, figures.aliases);
    measure.rootFields = Math.max(measure.rootFields, figures.fields);
  }
  return measure;
}

/** How deeply the deepest operation of a document nests; introspection fields do not count. */
export function documentDepth(document: DocumentNode): number {
  return measureOperations(document).depth;
}
