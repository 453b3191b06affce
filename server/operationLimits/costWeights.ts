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
  type GraphQLNamedType,
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
  field(parentType: string, name: string, type: GraphQLNamedType): number;
  /** What a field's arguments add: each argument's `@cost` (or its type's), an input object 1 and its fields' weights, a list its items'. */
  arguments(node: FieldNode, parentType: string, definition: GraphQLField<unknown, unknown>): number;
}

/** The weights of `directives`, with the operation's `variables` for arguments given as variables. */
export function costWeights(directives: CostDirectives, variables: Readonly<Record<string, unknown>> | null | undefined): CostWeights {
  const { types, fields, arguments: args } = directives;

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
    field: (parentType, name, type) => fields.get(`${parentType}.${name}`) ?? types.get(type.name) ?? (isCompositeType(type) ? 1 : 0),
    arguments(node, parentType, definition) {
      let cost = 0;
      for (const argument of node.arguments ?? []) {
        const argumentDefinition = definition.args.find((a) => a.name === argument.name.value);
        if (!argumentDefinition) continue;
        const value = argument.value.kind === Kind.VARIABLE ? variables?.[argument.value.name.value] : valueFromASTUntyped(argument.value, variables ?? undefined);
        cost += inputCost(value, argumentDefinition.type, args.get(`${parentType}.${definition.name}(${argument.name.value})`));
      }
      return cost;
    },
  };
}
