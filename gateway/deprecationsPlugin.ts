import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './GatewayContext.ts';
import { operationCoordinates } from './operationCoordinates.ts';
import type { LifecycleGate } from './createLifecycleGate.ts';

/**
 * Tells a consumer that uses deprecated fields, arguments or enum values so,
 * in each response: `extensions.deprecations`, one `{ coordinate, reason,
 * sunset }` each (`sunset`, `YYYY-MM-DD`, when the reason states one: the day
 * from which the field may be removed). So are the output ports of deprecated
 * data products (`gate`): `{ coordinate, product, reason, sunset, successor,
 * successorFields }` each. Queries and mutations, over HTTP and WebSocket;
 * nothing is added when nothing used is deprecated.
 */
export function deprecationsPlugin(gate?: Pick<LifecycleGate, 'deprecations'>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ schema, document, operationName, response }) {
          if (!document || response.body.kind !== 'single') return;
          const { deprecations } = operationCoordinates(schema, document, operationName ?? undefined);
          const products = gate?.deprecations(schema, document, operationName ?? undefined) ?? [];
          if (deprecations.length === 0 && products.length === 0) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, deprecations: [...deprecations, ...products] };
        },
      };
    },
  };
}
