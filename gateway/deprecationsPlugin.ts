import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { GatewayContext } from './GatewayContext.ts';
import { operationCoordinates, type UsedDeprecation } from './operationCoordinates.ts';
import type { LifecycleGate, ProductDeprecation } from './createLifecycleGate.ts';

/** What an operation uses that is deprecated: fields, arguments and enum values, then data products' output ports (`gate`). */
export function usedDeprecations(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, gate?: Pick<LifecycleGate, 'deprecations'>): readonly (UsedDeprecation | ProductDeprecation)[] {
  const { deprecations } = operationCoordinates(schema, document, operationName);
  const products = gate?.deprecations(schema, document, operationName) ?? [];
  return products.length === 0 ? deprecations : [...deprecations, ...products];
}

/**
 * Tells a consumer that uses deprecated fields, arguments or enum values so,
 * in each response: `extensions.deprecations`, one `{ coordinate, reason,
 * sunset }` each (`sunset`, `YYYY-MM-DD`, when the reason states one: the day
 * from which the field may be removed). So are the output ports of deprecated
 * data products (`gate`): `{ coordinate, product, reason, sunset, successor,
 * successorFields }` each. Queries and mutations, over HTTP and WebSocket
 * (the subscription engine adds them to subscriptions' events); nothing is
 * added when nothing used is deprecated.
 */
export function deprecationsPlugin(gate?: Pick<LifecycleGate, 'deprecations'>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ schema, document, operationName, response }) {
          if (!document || response.body.kind !== 'single') return;
          const deprecations = usedDeprecations(schema, document, operationName ?? undefined, gate);
          if (deprecations.length === 0) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, deprecations };
        },
      };
    },
  };
}
