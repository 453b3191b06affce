import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Consumer } from '../governance/Consumer.ts';
import { documentHash } from '../governance/enforcement/index.ts';
import type { FieldUsageRecorder } from '../registry/usage/index.ts';
import type { GatewayContext } from './GatewayContext.ts';
import { operationCoordinates } from './operationCoordinates.ts';

/** One operation to count: what it is run on, and who runs it. */
export interface UsedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  consumer: Consumer | undefined;
}

/**
 * Counts what one operation uses for its consumer: the authenticated one's
 * id, else `anonymous` (a client name is the caller's say-so, and
 * unbounded); the operation by its name, else its document's SHA-256 (as the
 * audit's `operationHash`).
 */
export function recordFieldUsage(recorder: FieldUsageRecorder, { schema, document, operationName, consumer }: UsedOperation): void {
  const { name, coordinates } = operationCoordinates(schema, document, operationName ?? undefined);
  if (coordinates.length > 0) recorder.record(consumer?.id ?? 'anonymous', name ?? documentHash(document), coordinates);
}

/**
 * Records, for each query and mutation Apollo Server runs (over HTTP and
 * WebSocket), which consumer used which fields and arguments
 * (`recordFieldUsage`): what breaking-change checks weigh a change against.
 */
export function fieldUsagePlugin(recorder: FieldUsageRecorder): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, contextValue }) {
          recordFieldUsage(recorder, { schema, document, operationName, consumer: contextValue.consumer });
        },
      };
    },
  };
}
