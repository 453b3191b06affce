import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';

/** One subgraph of the federation benchmark: its name, its SDL (for composition) and its executable schema. */
export interface FederationSubgraph {
  name: string;
  sdl: string;
  schema: GraphQLSchema;
}

/** Resolvers by type and field, `__resolveReference` included, as `@apollo/subgraph` takes them. */
export type SubgraphResolvers = Record<string, Record<string, (...args: never[]) => unknown>>;

/** A Federation 2 subgraph built with `@apollo/subgraph` from its SDL and resolvers. */
export function defineSubgraph(name: string, sdl: string, resolvers: SubgraphResolvers): FederationSubgraph {
  // @apollo/subgraph's resolver map type is not exported from the package.
  return { name, sdl, schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]) };
}
