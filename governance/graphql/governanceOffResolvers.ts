import { GraphQLError, Kind, parse } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import { dataProductAccess } from './dataProductAccess.ts';
import { GOVERNANCE_TYPE_DEFS } from './governanceTypeDefs.ts';
import { NOTIFICATION_TYPE_DEFS } from './notificationTypeDefs.ts';
import { WEBHOOK_TYPE_DEFS } from './webhookTypeDefs.ts';
import type { GovernanceResolvers } from './GovernanceResolvers.ts';

/**
 * Resolvers of every root field of `GOVERNANCE_TYPE_DEFS`,
 * `NOTIFICATION_TYPE_DEFS` and `WEBHOOK_TYPE_DEFS` that answer that
 * governance is off: a gateway without governance still composes the fields,
 * and says why they serve nothing rather than answering empty.
 */
export function governanceOffResolvers(): GovernanceResolvers {
  const resolvers: Required<Pick<GovernanceResolvers, 'Query' | 'Mutation' | 'Subscription'>> = { Query: {}, Mutation: {}, Subscription: {} };
  for (const definition of parse(`${GOVERNANCE_TYPE_DEFS}\n${NOTIFICATION_TYPE_DEFS}\n${WEBHOOK_TYPE_DEFS}`).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const root = definition.name.value;
    if (root !== 'Query' && root !== 'Mutation' && root !== 'Subscription') continue;
    for (const { name } of definition.fields ?? []) {
      const off = () => {
        throw new GraphQLError(`Governance is off on this gateway, so "${root}.${name.value}" has no consumers, agreements or audit to serve. The meshgraph command line always starts the gateway with governance.`, {
          extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
        });
      };
      if (root === 'Subscription') resolvers.Subscription[name.value] = { subscribe: off, resolve: (event: never) => event };
      else resolvers[root][name.value] = off;
    }
  }
  // Without governance every caller reads every field: the honest answer to what it may read. Nobody is told anything.
  return { ...resolvers, DataProduct: { access: (product: Parameters<typeof dataProductAccess>[0]) => dataProductAccess(product, undefined), notifications: () => [] } };
}
