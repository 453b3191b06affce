import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { createRandom } from '../../demo/data/index.ts';

/** A generated GraphQL-over-HTTP request. */
export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
}

/** Options of `generateOperation`. */
export interface GenerateOperationOptions {
  /** The API schema the operations are valid against: queries are generated from its `Query` type. */
  schema: GraphQLSchema;
  /**
   * Values of arguments, by coordinate (`Query.artist(id:)`) or by argument
   * name (`country`): ids and URNs that exist in the data, so that lookups
   * find something (and some that do not, for nulls). An ID or String
   * argument without values is left out, and a field that requires one is
   * never selected.
   */
  values: Readonly<Record<string, readonly unknown[]>>;
  /** Optional arguments always given, by name (`first`: lists stay short). @default [] */
  alwaysGiven?: readonly string[];
  /** Fields never selected, by coordinate `Type.field`. @default none */
  excludedFields?: ReadonlySet<string>;
  /** Deepest selection, the root fields at 1. @default 5 */
  maxDepth?: number;
  /** Fields written, about, before selection sets get one leaf each: operations stay within a gateway's limits (aliases, fields, cost) and quick. @default 80 */
  maxFields?: number;
}

/** A response name taken in a selection set, with what it selects: another use must select the same, or be aliased. */
interface Taken {
  signature: string;
  /** Its sub-selections, merged with those of every other use. */
  child: Scope;
}

/** The response names of one merged selection set (fields of its fragments and duplicates included). */
type Scope = Map<string, Taken>;

const literal = (value: unknown, type: GraphQLInputType): string => {
  if (isNonNullType(type)) return literal(value, type.ofType);
  if (isListType(type)) return `[${(value as unknown[]).map((item) => literal(item, type.ofType)).join(', ')}]`;
  if (isEnumType(type)) return String(value);
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    return `{${Object.entries(value as Record<string, unknown>).map(([name, item]) => `${name}: ${literal(item, fields[name]!.type)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
};

/**
 * One random query over `schema`, the same for the same `seed`: root fields
 * and selections to `maxDepth`, with aliases, `__typename`, introspection at
 * the root, duplicate fields (merged), inline fragments on abstract and
 * object types, named fragment spreads, `@skip` and `@include` on constants
 * and variables, arguments (required ones from `values`) as literals and
 * variables, some left out of the variables. Every operation is valid: a
 * response name is reused only for the same field, arguments and type.
 */
export function generateOperation(seed: string, options: GenerateOperationOptions): GeneratedOperation {
  const { schema, values, alwaysGiven = [], excludedFields = new Set(), maxDepth = 5, maxFields = 80 } = options;
  const random = createRandom(seed);
  const variableDefinitions: string[] = [];
  const variables: Record<string, unknown> = {};
  const fragments: string[] = [];
  let counter = 0;
  let fieldsWritten = 0;

  const defineVariable = (type: GraphQLInputType | 'Boolean!', value: unknown) => {
    const name = `v${++counter}`;
    variableDefinitions.push(`$${name}: ${String(type)}`);
    if (value !== undefined) variables[name] = value;
    return `$${name}`;
  };

  /** A value of `type` for an argument, or undefined when none can be made up. */
  const inputValue = (type: GraphQLInputType, pool: readonly unknown[] | undefined): unknown => {
    if (isNonNullType(type)) return inputValue(type.ofType, pool);
    if (isListType(type)) {
      const item = inputValue(type.ofType, pool);
      return item === undefined ? undefined : [item];
    }
    if (pool && pool.length > 0) return random.pick(pool);
    if (isEnumType(type)) return random.pick(type.getValues()).name;
    if (isInputObjectType(type)) {
      const object: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (!required && random.chance(0.5)) continue;
        const value = inputValue(field.type, undefined);
        if (value === undefined) return required ? undefined : object;
        object[field.name] = value;
      }
      return object;
    }
    if (isScalarType(type)) {
      if (type.name === 'Int') return random.int(0, 3);
      if (type.name === 'Float') return random.int(0, 300) / 100;
      if (type.name === 'Boolean') return random.chance(0.5);
    }
    return undefined;
  };

  const poolOf = (parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, argument: string) =>
    values[`${parent.name}.${field.name}(${argument}:)`] ?? values[argument];

  /** The field's arguments as written (`first: 2, country: $v3`), or undefined when a required one cannot be given. */
  const argumentsOf = (parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string | undefined => {
    const written: string[] = [];
    for (const argument of field.args) {
      const required = isNonNullType(argument.type) && argument.defaultValue === undefined;
      if (!required && !alwaysGiven.includes(argument.name) && !random.chance(0.3)) continue;
      const value = inputValue(argument.type, poolOf(parent, field, argument.name));
      if (value === undefined) {
        if (required) return undefined;
        continue;
      }
      // As a variable now and then; an optional one sometimes left out of the variables (the argument is then not given).
      const asVariable = random.chance(0.3) ? defineVariable(argument.type, required || random.chance(0.85) ? value : undefined) : undefined;
      written.push(`${argument.name}: ${asVariable ?? literal(value, argument.type)}`);
    }
    return written.length > 0 ? `(${written.join(', ')})` : '';
  };

  /** Whether a field can be selected at all: not excluded, and its required arguments can be given. */
  const selectable = (parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>) =>
    !excludedFields.has(`${parent.name}.${field.name}`) &&
    field.args.every(
      (argument) =>
        !isNonNullType(argument.type) ||
        argument.defaultValue !== undefined ||
        (poolOf(parent, field, argument.name)?.length ?? 0) > 0 ||
        ['Int', 'Float', 'Boolean'].includes(getNamedType(argument.type).name) ||
        isEnumType(getNamedType(argument.type)),
    );

  /** `@include`/`@skip` on a constant or a variable, now and then. */
  const condition = () => {
    if (!random.chance(0.12)) return '';
    const directive = random.chance(0.5) ? 'include' : 'skip';
    const value = random.chance(0.5);
    return ` @${directive}(if: ${random.chance(0.6) ? defineVariable('Boolean!', value) : String(value)})`;
  };

  /** The field's selections: once, or now and then twice with the same arguments (GraphQL merges their sub-selections). */
  const fieldSelections = (parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, depth: number, scope: Scope): string[] => {
    const written = argumentsOf(parent, field);
    if (written === undefined) return [];
    const signature = `${field.name}${written}: ${String(field.type)}`;
    const taken = scope.get(field.name);
    // Same name, other arguments or type: a conflict in GraphQL, so aliased.
    const responseName = random.chance(0.15) || (taken && taken.signature !== signature) ? `${field.name}_${++counter}` : field.name;
    const entry = scope.get(responseName) ?? { signature, child: new Map() };
    scope.set(responseName, entry);
    const type = getNamedType(field.type);
    const once = () => {
      fieldsWritten++;
      const head = `${responseName === field.name ? '' : `${responseName}: `}${field.name}${written}${condition()}`;
      return isCompositeType(type) ? `${head} { ${selectionSet(type, depth + 1, entry.child).join(' ')} }` : head;
    };
    return fieldsWritten < maxFields && random.chance(0.12) ? [once(), once()] : [once()];
  };

  const objectSelections = (type: GraphQLObjectType, depth: number, scope: Scope): string[] => {
    const deeper = depth < maxDepth && fieldsWritten < maxFields;
    const fields = Object.values(type.getFields()).filter((field) => selectable(type, field) && (deeper || !isCompositeType(getNamedType(field.type))));
    const selections: string[] = [];
    const count = fields.length === 0 ? 0 : fieldsWritten < maxFields ? random.int(1, Math.min(3, fields.length)) : 1;
    for (const field of random.shuffle([...fields]).slice(0, count)) selections.push(...fieldSelections(type, field, depth, scope));
    if (random.chance(0.2) || selections.length === 0) selections.push(random.chance(0.2) ? `typename_${++counter}: __typename` : '__typename');
    if (deeper && random.chance(0.12)) selections.push(`...${random.chance(0.5) ? ` on ${type.name}` : ''}${condition()} { ${objectSelections(type, depth, scope).join(' ')} }`);
    if (deeper && random.chance(0.12)) selections.push(fragmentSpread(type, depth, scope));
    return selections;
  };

  /** A named fragment on `type`, defined after the operation, spread here. */
  const fragmentSpread = (type: GraphQLObjectType, depth: number, scope: Scope) => {
    const name = `F${++counter}`;
    fragments.push(`fragment ${name} on ${type.name} { ${objectSelections(type, depth, scope).join(' ')} }`);
    return `...${name}${condition()}`;
  };

  const selectionSet = (type: GraphQLCompositeType, depth: number, scope: Scope): string[] => {
    if (isObjectType(type)) return objectSelections(type, depth, scope);
    // A union or interface: some of its object types, each in an inline fragment or a named one.
    const possible = random.shuffle([...schema.getPossibleTypes(type)]).slice(0, random.int(1, 3));
    const selections = random.chance(0.6) ? ['__typename'] : [];
    for (const member of possible) {
      selections.push(random.chance(0.7) ? `... on ${member.name}${condition()} { ${objectSelections(member, depth, scope).join(' ')} }` : fragmentSpread(member, depth, scope));
    }
    return selections;
  };

  const root = schema.getQueryType();
  if (!root) throw new TypeError('generateOperation needs a schema with a Query type.');
  const selections = selectionSet(root, 1, new Map());
  // Introspection beside the data now and then: the gateway answers it itself.
  if (random.chance(0.08)) {
    selections.push(random.chance(0.5) ? `__type(name: "${random.pick(Object.keys(schema.getTypeMap()))}") { name kind fields { name } }` : '__schema { queryType { name } types { name } }');
  }
  const name = random.chance(0.5) ? ` Generated${random.int(1, 999)}` : '';
  const header = variableDefinitions.length > 0 ? `query${name}(${variableDefinitions.join(', ')}) ` : name ? `query${name} ` : '';
  return { query: [`${header}{ ${selections.join(' ')} }`, ...fragments].join('\n'), variables };
}

/** `count` operations from `seed`: the i-th is `generateOperation(\`${seed}:${i}\`)`, so one can be made again alone. */
export function generateOperations(seed: string, count: number, options: GenerateOperationOptions): GeneratedOperation[] {
  return Array.from({ length: count }, (_, index) => generateOperation(`${seed}:${index}`, options));
}
