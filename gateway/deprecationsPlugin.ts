import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './GatewayContext.ts';
import { operationCoordinates } from './operationCoordinates.ts';

/**
 * Tells a consumer that uses deprecated fields, arguments or enum values so,
 * in each response: `extensions.deprecations`, one `{ coordinate, reason,
 * sunset }` each (`sunset`, `YYYY-MM-DD`, when the reason states one: the day
 * from which the field may be removed). Queries and mutations, over HTTP and
 * WebSocket; nothing is added when nothing used is deprecated.
 */
export function deprecationsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ schema, document, operationName, response }) {
          if (!document || response.body.kind !== 'single') return;
          const { deprecations } = operationCoordinates(schema, document, operationName ?? undefined);
          if (deprecations.length === 0) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, deprecations };
        },
      };
    },
  };
}
