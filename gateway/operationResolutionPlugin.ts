import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../schema/index.ts';

/**
 * Refuses a request whose document has no operation to run (an unknown
 * `operationName`, or several operations and no name) with
 * `OPERATION_RESOLUTION_FAILURE` and HTTP 400, as a subgraph does. In gateway
 * mode Apollo Server leaves this to `@apollo/gateway`, which answers 500.
 */
export function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : 'Must provide operation name if query contains multiple operations.';
          throw new GraphQLError(message, { extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } });
        },
      };
    },
  };
}
