import type { ApolloServerPlugin } from '@apollo/server';
import type { FieldUsageRecorder } from '../registry/usage/index.ts';
import type { GatewayContext } from './GatewayContext.ts';
import { operationCoordinates } from './operationCoordinates.ts';

/**
 * Records, for each query and mutation Apollo Server runs (over HTTP and
 * WebSocket), which consumer used which fields and arguments, by operation
 * name (or query hash when unnamed): what breaking-change checks weigh a
 * change against. The consumer is the authenticated one's id, else
 * `anonymous` (a client name is the caller's say-so, and unbounded).
 */
export function fieldUsagePlugin(recorder: FieldUsageRecorder): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, queryHash, contextValue }) {
          const { coordinates } = operationCoordinates(schema, document, operationName ?? undefined);
          recorder.record(contextValue.consumer?.id ?? 'anonymous', operationName ?? queryHash, coordinates);
        },
      };
    },
  };
}
