import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './GatewayContext.ts';
import { ErrorCode } from '../schema/index.ts';
import type { LifecycleGate } from './createLifecycleGate.ts';

/**
 * Refuses a query or mutation (over HTTP or WebSocket) that selects an output
 * port of a retired data product with `DATA_PRODUCT_RETIRED`, once the
 * operation is known and before anything is planned or fetched, whether the
 * gateway governs or not. One the schema refused because its domain no
 * longer serves a retired product's port gets that error too, instead of
 * only `GRAPHQL_VALIDATION_FAILED`. Closes the gate when the server stops.
 */
export function retiredProductsPlugin(gate: LifecycleGate): ApolloServerPlugin<GatewayContext> {
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          gate.close();
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName }) {
          const refused = gate.refusal(schema, document, operationName ?? undefined);
          if (refused) throw refused;
        },
        async willSendResponse({ schema, document, request, response }) {
          if (!document || response.body.kind !== 'single' || !response.body.singleResult.errors?.some((e) => e.extensions?.['code'] === ErrorCode.GRAPHQL_VALIDATION_FAILED)) return;
          const removed = gate.removedRefusal(schema, document, request.operationName ?? undefined);
          if (!removed) return;
          const { http: _http, ...extensions } = removed.extensions;
          response.body.singleResult.errors = [{ message: removed.message, extensions }];
          response.http.status = 410;
        },
      };
    },
  };
}
