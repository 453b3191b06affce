import type { GraphQLFieldResolver } from 'graphql';
import type { Consumer } from '../Consumer.ts';

/** What governance's resolvers read of the request's context: who calls (undefined for an anonymous caller). */
export interface GovernanceContext {
  consumer?: Consumer;
}

/** Resolvers of governance's root fields (`GOVERNANCE_TYPE_DEFS`, `NOTIFICATION_TYPE_DEFS`), which the gateway's catalog subgraph serves; each part of governance brings its own. */
export interface GovernanceResolvers {
  Query?: Record<string, GraphQLFieldResolver<unknown, GovernanceContext>>;
  Mutation?: Record<string, GraphQLFieldResolver<unknown, GovernanceContext>>;
  /** Subscription fields (`notifications`): each an event stream and how to resolve each event. */
  Subscription?: Record<string, { subscribe: GraphQLFieldResolver<unknown, GovernanceContext>; resolve: GraphQLFieldResolver<never, GovernanceContext> }>;
  /** Fields governance adds to the catalog's `DataProduct` (its `access` for the caller). */
  DataProduct?: Record<string, GraphQLFieldResolver<never, GovernanceContext>>;
}
