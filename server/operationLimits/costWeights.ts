import {
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isListType,
  getNullableType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import type { CostDirectives } from './readCostDirectives.ts';

/** What a mutation costs besides its fields (Apollo Router, Hive Router). */
export const MUTATION_COST = 10;

/** What an element of an operation weighs, by the cost directives (IBM's GraphQL Cost Directive specification). */
export interface CostWeights {
  /**
   * The weight of one value of a field: its `@cost`, else its type's `@cost`,
   * else 1 for an object, interface or union and 0 for a scalar or enum.
   */
  field(parentType: string, definition: GraphQLField<unknown, unknown>): number;
  /** What a field's arguments add: each argument's `@cost` (or its type's), an input object 1 and its fields' weights, a list its items'. */
  arguments(node: FieldNode, parentType: string, definition: GraphQLField<unknown, unknown>): number;
}

/** What a field and its arguments weigh, worked out once per field of a schema. */
interface FieldWeights {
  weight: number;
  arguments: Map<string, { type: GraphQLInputType; weight: number | undefined; scalarWeight: number }>;
}

/** Per cost directives, per field definition: every request looks the same fields up again. */
const fieldWeights = new WeakMap<CostDirectives, WeakMap<GraphQLField<unknown, unknown>, FieldWeights>>();

/** The weights of `directives`, with the operation's `variables` for arguments given as variables. */
export function costWeights(directives: CostDirectives, variables: Readonly<Record<string, unknown>> | null | undefined): CostWeights {
  const { types, fields, arguments: args } = directives;
  let known = fieldWeights.get(directives);
  if (!known) fieldWeights.set(directives, (known = new WeakMap()));
  const cache = known;

  const weightsOf = (parentType: string, definition: GraphQLField<unknown, unknown>): FieldWeights => {
    let weights = cache.get(definition);
    if (!weights) {
      const type = getNamedType(definition.type);
      weights = {
        weight: fields.get(`${parentType}.${definition.name}`) ?? types.get(type.name) ?? (isCompositeType(type) ? 1 : 0),
        arguments: new Map(
          definition.args.map((argument) => {
            const weight = args.get(`${parentType}.${definition.name}(${argument.name})`);
            return [argument.name, { type: argument.type, weight, scalarWeight: weight ?? types.get(getNamedType(argument.type).name) ?? 0 }];
          }),
        ),
      };
      cache.set(definition, weights);
    }
    return weights;
  };

  /** An input value's weight: `weight` is that of the argument or input field that holds it. */
  const inputCost = (value: unknown, type: GraphQLInputType, weight: number | undefined): number => {
    if (value === null || value === undefined) return 0;
    const nullable = getNullableType(type);
    if (Array.isArray(value)) {
      const item = isListType(nullable) ? nullable.ofType : nullable;
      return value.reduce<number>((sum, v) => sum + inputCost(v, item, weight), weight ?? 0);
    }
    const named = getNamedType(type);
    if (isInputObjectType(named) && typeof value === 'object') {
      let cost = weight ?? types.get(named.name) ?? 1;
      const inputFields = named.getFields();
      for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
        const definition = inputFields[name];
        if (definition) cost += inputCost(inner, definition.type, fields.get(`${named.name}.${name}`));
      }
      return cost;
    }
    return weight ?? types.get(named.name) ?? 0;
  };

  return {
    field: (parentType, definition) => weightsOf(parentType, definition).weight,
    arguments(node, parentType, definition) {
      if (!node.arguments?.length) return 0;
      const weights = weightsOf(parentType, definition).arguments;
      let cost = 0;
      for (const argument of node.arguments) {
        const known = weights.get(argument.name.value);
        if (!known) continue;
        const { value } = argument;
        switch (value.kind) {
          case Kind.NULL:
            break;
          case Kind.INT:
          case Kind.FLOAT:
          case Kind.STRING:
          case Kind.BOOLEAN:
          case Kind.ENUM:
            cost += known.scalarWeight;
            break;
          default:
            cost += inputCost(value.kind === Kind.VARIABLE ? variables?.[value.name.value] : valueFromASTUntyped(value, variables ?? undefined), known.type, known.weight);
        }
      }
      return cost;
    },
  };
}
