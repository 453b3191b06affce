import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationLimits } from '../server/index.ts';
import type { GatewayContext } from './GatewayContext.ts';

/**
 * Measures the actual cost of each query and mutation Apollo Server answers
 * (over HTTP and WebSocket): the estimate's weights over the lists and
 * objects the response holds (`OperationLimits.actualCost`), for
 * `onActualCost` (the `/metrics` histogram beside the estimate).
 */
export function actualCostPlugin(limits: OperationLimits, onActualCost: (cost: number) => void): ApolloServerPlugin<GatewayContext> {
  // Callers sharing one execution (inbound deduplication) get the same data for the same operation and variables: measured once.
  const measured = new WeakMap<object, number>();
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document, request, operationName }) {
          if (response.body.kind !== 'single' || !document) return;
          const { data } = response.body.singleResult;
          if (!data) return;
          let cost = measured.get(data);
          if (cost === undefined) measured.set(data, (cost = limits.actualCost(document, data, request.variables, operationName)));
          onActualCost(cost);
        },
      };
    },
  };
}
