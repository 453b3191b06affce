import { Kind, type ConstDirectiveNode, type ConstValueNode, type DocumentNode } from 'graphql';

/** A field's `@listSize`: how many items its list (or the lists of its `sizedFields`) holds. */
export interface ListSize {
  /** Items assumed when no slicing argument gives a size. */
  readonly assumedSize: number | undefined;
  /** Arguments whose value is the list's size, e.g. `first`; the largest given counts. */
  readonly slicingArguments: readonly string[];
  /** Fields of the returned object that the size applies to, e.g. a connection's `edges`; none: the field's own list. */
  readonly sizedFields: readonly string[];
  /** Whether an operation must give exactly one of the slicing arguments (a default value counts). */
  readonly requireOneSlicingArgument: boolean;
}

/**
 * The weights and list sizes of a schema's `@cost` and `@listSize`
 * directives (IBM's GraphQL Cost Directive specification, as Federation 2.9
 * composes them into the supergraph): what the cost of an operation is
 * estimated and measured with.
 */
export interface CostDirectives {
  /** `@cost` of types (objects, interfaces, unions, scalars, enums, input objects), by type name. */
  readonly types: ReadonlyMap<string, number>;
  /** `@cost` of fields and input fields, by `Type.field`. */
  readonly fields: ReadonlyMap<string, number>;
  /** `@cost` of arguments, by `Type.field(argument)`. */
  readonly arguments: ReadonlyMap<string, number>;
  /** `@listSize` of fields, by `Type.field`. */
  readonly listSizes: ReadonlyMap<string, ListSize>;
}

/** No directives: every object weighs 1, every leaf 0, every list the default size. */
export const NO_COST_DIRECTIVES: CostDirectives = { types: new Map(), fields: new Map(), arguments: new Map(), listSizes: new Map() };

/**
 * Reads the `@cost` and `@listSize` directives of an SDL document: a
 * supergraph (which links `https://specs.apollo.dev/cost/v0.1`), a subgraph
 * (which imports them from the Federation 2.9 link, perhaps renamed) or a
 * plain schema that declares them. A weight may be an `Int` (Federation) or
 * a `String` (the IBM specification).
 */
export function readCostDirectives(document: DocumentNode): CostDirectives {
  const names = directiveNames(document);
  const types = new Map<string, number>();
  const fields = new Map<string, number>();
  const args = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  const weightOf = (directives: readonly ConstDirectiveNode[] | undefined) => {
    const cost = directives?.find((d) => names.cost.has(d.name.value));
    const weight = cost?.arguments?.find((a) => a.name.value === 'weight')?.value;
    return weight && (weight.kind === Kind.INT || weight.kind === Kind.FLOAT || weight.kind === Kind.STRING) && Number.isFinite(Number(weight.value)) ? Number(weight.value) : undefined;
  };
  const set = (map: Map<string, number>, key: string, weight: number | undefined) => {
    if (weight !== undefined) map.set(key, weight);
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        set(types, typeName, weightOf(definition.directives));
        for (const field of definition.fields ?? []) {
          const key = `${typeName}.${field.name.value}`;
          set(fields, key, weightOf(field.directives));
          for (const argument of field.arguments ?? []) set(args, `${key}(${argument.name.value})`, weightOf(argument.directives));
          const listSize = field.directives?.find((d) => names.listSize.has(d.name.value));
          if (listSize) listSizes.set(key, readListSize(listSize));
        }
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        set(types, typeName, weightOf(definition.directives));
        for (const field of definition.fields ?? []) set(fields, `${typeName}.${field.name.value}`, weightOf(field.directives));
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
        set(types, typeName, weightOf(definition.directives));
        break;
      default:
        break;
    }
  }
  return { types, fields, arguments: args, listSizes };
}

function readListSize(directive: ConstDirectiveNode): ListSize {
  const argument = (name: string): ConstValueNode | undefined => directive.arguments?.find((a) => a.name.value === name)?.value;
  const strings = (value: ConstValueNode | undefined) =>
    value?.kind === Kind.LIST ? value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : value?.kind === Kind.STRING ? [value.value] : [];
  const assumed = argument('assumedSize');
  const requireOne = argument('requireOneSlicingArgument');
  return {
    assumedSize: assumed?.kind === Kind.INT ? Number(assumed.value) : undefined,
    slicingArguments: strings(argument('slicingArguments')),
    sizedFields: strings(argument('sizedFields')),
    requireOneSlicingArgument: requireOne?.kind === Kind.BOOLEAN ? requireOne.value : true,
  };
}

/**
 * The names the document gives `@cost` and `@listSize`: their own, those a
 * `@link` of the cost spec (`cost`, `listSize` or `cost__listSize`) or of the
 * federation spec (`@cost`, `@federation__cost`, or an `as` of its import) gives.
 */
function directiveNames(document: DocumentNode): { cost: Set<string>; listSize: Set<string> } {
  const cost = new Set(['cost', 'federation__cost']);
  const listSize = new Set(['listSize', 'federation__listSize', 'cost__listSize']);
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      const argument = (name: string) => link.arguments?.find((a) => a.name.value === name)?.value;
      const url = argument('url');
      if (link.name.value !== 'link' || url?.kind !== Kind.STRING) continue;
      const as = argument('as');
      const prefix = as?.kind === Kind.STRING ? as.value : url.value.split('/').at(-2);
      if (url.value.includes('/cost/') && prefix) {
        cost.add(prefix);
        listSize.add(`${prefix}__listSize`);
      }
      const imports = argument('import');
      for (const item of imports?.kind === Kind.LIST ? imports.values : []) {
        const field = (name: string) => {
          const value = item.kind === Kind.OBJECT ? item.fields.find((f) => f.name.value === name)?.value : undefined;
          return value?.kind === Kind.STRING ? value.value : undefined;
        };
        const name = item.kind === Kind.STRING ? item.value : field('name');
        const alias = (item.kind === Kind.STRING ? undefined : field('as')) ?? name;
        if (name === '@cost' && alias) cost.add(alias.slice(1));
        if (name === '@listSize' && alias) listSize.add(alias.slice(1));
      }
    }
  }
  return { cost, listSize };
}
