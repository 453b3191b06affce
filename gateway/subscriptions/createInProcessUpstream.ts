import { GraphQLError, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import type { GatewayContext } from '../GatewayContext.ts';
import type { UpstreamHandlers } from './createSharedUpstreamRegistry.ts';
import type { Upstream, UpstreamOptions } from './createUpstream.ts';

export interface InProcessUpstreamOptions extends Pick<UpstreamOptions, 'subgraph' | 'operation' | 'operationName' | 'variables' | 'after' | 'logger'>, UpstreamHandlers {
  /** The executable schema of the subgraph served in-process. */
  schema: GraphQLSchema;
  /** The caller, as the subgraph's resolvers read it (who subscribes: the upstream is shared only with the same consumer and client name). */
  context: GatewayContext;
}

/**
 * The upstream subscription of a plan whose primary fetch goes to a subgraph
 * the gateway serves itself (its catalog): graphql-js `subscribe` on that
 * subgraph's schema, with the caller's context, in place of a WebSocket.
 * Events enter the rest of the plan as a remote subgraph's do; there is no
 * connection to lose, so nothing to resume.
 */
export function createInProcessUpstream(options: InProcessUpstreamOptions): Upstream {
  const { subgraph, schema, operation, operationName, variables, context, after, onEvent, onErrors, onComplete, logger } = options;
  let lastCursor = after;
  let closed = false;
  let events: AsyncIterator<ExecutionResult> | undefined;

  const run = async () => {
    const document = parse(after ? operation.resumeAfter(after) : operation.text);
    const started = await subscribe({ schema, document, variableValues: variables, operationName, contextValue: context });
    if (!(Symbol.asyncIterator in started)) {
      if (!closed) onErrors(started.errors ?? []);
      return;
    }
    events = started;
    // Closed while it started: the stream is ended here, since `close` found none to end.
    if (closed) return void events.return?.();
    for (;;) {
      const { value: event, done } = await events.next();
      if (closed) return;
      if (done) return onComplete();
      lastCursor = operation.cursorOf(event.data) ?? lastCursor;
      onEvent(event);
    }
  };
  run().catch((error: unknown) => {
    if (closed) return;
    logger.error('in-process subscription failed', { subgraph, field: operation.rootField, err: error });
    closed = true;
    onErrors([new GraphQLError('This subscription failed in the gateway.', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, subgraph } })]);
  });

  return {
    get lastCursor() {
      return lastCursor;
    },
    close() {
      if (closed) return;
      closed = true;
      void events?.return?.();
    },
  };
}
