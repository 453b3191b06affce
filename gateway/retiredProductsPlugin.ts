import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './GatewayContext.ts';
import type { LifecycleGate } from './createLifecycleGate.ts';

/**
 * Refuses a query or mutation (over HTTP or WebSocket) that selects an output
 * port of a retired data product with `DATA_PRODUCT_RETIRED`, once the
 * operation is known and before anything is planned or fetched, whether the
 * gateway governs or not. Closes the gate when the server stops.
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
      };
    },
  };
}
