import type { Client } from 'graphql-ws';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { createBackoff, failureReason, type BackoffOptions } from '../../common/index.ts';
import type { Logger } from '../../logger/index.ts';
import type { ResumableOperation } from './createResumableOperation.ts';

export interface UpstreamOptions {
  /** The subgraph serving the subscription field. */
  subgraph: string;
  /** The graphql-ws client to that subgraph (shared by every upstream to it). */
  client: Client;
  /** The operation to send, which resumes after a cursor. */
  operation: ResumableOperation;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Start right after this cursor rather than with live events. */
  after?: string;
  onEvent(event: ExecutionResult): void;
  /** The subgraph refused or ended the subscription with GraphQL errors: final. */
  onErrors(errors: readonly GraphQLError[]): void;
  /** The subgraph completed the subscription: final. */
  onComplete(): void;
  /** The connection was lost and the subscription is being resumed. */
  onReconnect?(): void;
  /** Waits before resuming: doubling, with full jitter. @default { initialDelayMs: 100, maxDelayMs: 5_000 } */
  backoff?: BackoffOptions;
  logger: Logger;
}

/** One subscription of the gateway to a subgraph, shared by all client operations that read it. */
export interface Upstream {
  /** The cursor of the last event received: a reconnection resumes right after it. */
  readonly lastCursor: string | undefined;
  /** Completes the subscription upstream (idempotent). */
  close(): void;
}

/**
 * A resumed subscription the subgraph refuses is retried while the waits since the
 * first refusal add up to less than this many un-jittered waits of the
 * backoff: about 16 s with the defaults, more than a supergraph poll.
 */
const REFUSAL_WINDOW_IN_WAITS = 8;

const asGraphQLErrors = (errors: readonly GraphQLFormattedError[], subgraph: string) =>
  errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: { ...e.extensions, subgraph } }));

/** Why an upstream was lost: the close code (a close event) or the failure's short reason (an error, or a WebSocket error event). */
const describe = (error: unknown) =>
  !(error instanceof Error) && typeof error === 'object' && error && 'code' in error ? `closed with code ${String((error as { code: unknown }).code)}` : failureReason(error);

/**
 * Subscribes to a subgraph's subscription field over graphql-ws. A lost connection is
 * retried with backoff, resuming right after the last event received (when
 * the field takes `after`), so clients see no gap and no duplicate.
 */
export function createUpstream(options: UpstreamOptions): Upstream {
  const { subgraph, client, operation, operationName, variables, onEvent, onErrors, onComplete, onReconnect, logger } = options;
  const backoff = createBackoff(options.backoff, { initialDelayMs: 100, maxDelayMs: 5_000 });
  const refusalWindowMs = Array.from({ length: REFUSAL_WINDOW_IN_WAITS }, (_, i) => backoff.ceiling(i)).reduce((a, b) => a + b, 0);
  let lastCursor = options.after;
  let unsubscribe: (() => void) | undefined;
  let retry: NodeJS.Timeout | undefined;
  /** Retries since the last event received, which numbers the next wait. */
  let retries = 0;
  let closed = false;
  /** Whether the connection was lost once, and how long the retries of refusals since waited. */
  let lost = false;
  let refusedForMs = 0;
  /** Counts subscribe attempts, so that callbacks of an earlier one are told apart. */
  let attempt = 0;

  /** The connection was lost, or a resumed subscription refused: try again after the backoff. */
  const retryLater = (reason: string): number => {
    lost = true;
    const delayMs = backoff.delay(retries++);
    logger.warn('upstream subscription lost; resuming', {
      subgraph,
      field: operation.rootField,
      reason,
      retryInMs: delayMs,
      resume: operation.resumable ? (lastCursor ? 'after the last event received' : 'live (no event received yet)') : 'live (the field takes no cursor)',
    });
    onReconnect?.();
    retry = setTimeout(subscribe, delayMs);
    return delayMs;
  };

  /**
   * The subgraph refused the subscription with GraphQL errors (as an `error`, or a
   * result with no data). On the first try (a bad cursor, say) that is final.
   * After a reconnection the subgraph probably changed under us: retry a
   * while, so that the new supergraph can move the subscription elsewhere.
   */
  const refused = (errors: readonly GraphQLFormattedError[]) => {
    if (!lost || refusedForMs >= refusalWindowMs) {
      closed = true;
      onErrors(asGraphQLErrors(errors, subgraph));
      return;
    }
    refusedForMs += retryLater(`refused: ${errors.map((e) => e.message).join('; ')}`);
  };

  const subscribe = () => {
    const query = lastCursor ? operation.resumeAfter(lastCursor) : operation.text;
    // Callbacks of an earlier attempt (a completion after a refusal, say) are ignored.
    const mine = ++attempt;
    const current = () => !closed && mine === attempt;
    const giveUp = () => {
      attempt++;
      unsubscribe?.();
    };
    unsubscribe = client.subscribe<Record<string, unknown>>(
      { query, operationName, variables },
      {
        next: (event) => {
          if (!current()) return;
          if (event.data == null && event.errors?.length) {
            giveUp();
            refused(event.errors);
            return;
          }
          retries = 0;
          refusedForMs = 0;
          lastCursor = operation.cursorOf(event.data) ?? lastCursor;
          onEvent(event as ExecutionResult);
        },
        error: (error: unknown) => {
          if (!current()) return;
          attempt++;
          if (Array.isArray(error)) refused(error as GraphQLFormattedError[]);
          else retryLater(describe(error));
        },
        complete: () => {
          if (!current()) return;
          closed = true;
          onComplete();
        },
      },
    );
  };
  subscribe();

  return {
    get lastCursor() {
      return lastCursor;
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(retry);
      unsubscribe?.();
    },
  };
}
