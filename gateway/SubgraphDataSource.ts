import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { failureReason } from '../common/index.ts';
import { CLIENT_NAME, ErrorCode } from '../server/index.ts';
import { injectTraceContext } from '../telemetry/index.ts';
import { dedupeInflight } from './dedupeInflight.ts';
import { retryStaleConnection } from './retryStaleConnection.ts';
import type { GatewayContext } from './GatewayContext.ts';

/** `init` with the active trace context's headers added, if there is one. */
function withTraceContext(init: RequestInit | undefined): RequestInit | undefined {
  const trace = Object.entries(injectTraceContext<Record<string, string>>({}));
  if (trace.length === 0) return init;
  const headers = new Headers(init?.headers);
  for (const [name, value] of trace) headers.set(name, value);
  return { ...init, headers };
}

/** Last known state of a subgraph, from the outcome of the gateway's latest fetch to it. */
export type SubgraphState = 'up' | 'down';

/**
 * Fetches from one subgraph. A subgraph that does not answer becomes a
 * GraphQL error naming it (code `SUBGRAPH_UNAVAILABLE`), so the caller gets
 * the data the other subgraphs could give and knows what is missing. The
 * caller's client name travels on to the subgraph, and so does the trace
 * context (`traceparent`) when tracing is on.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  state: SubgraphState = 'up';

  /** How many fetches shared another identical one in flight. */
  readonly sharedFetches: () => number;

  private readonly onFetch: (outcome: 'ok' | 'error') => void;

  constructor(readonly name: string, url: string, { dedupe = true, onFetch = () => {} }: { dedupe?: boolean; onFetch?: (outcome: 'ok' | 'error') => void } = {}) {
    // Node's own fetch (undici: pooled keep-alive connections) rather than the
    // default make-fetch-happen, whose HTTP-cache machinery the gateway does not use.
    // The trace context goes in below the dedupe, which keys on headers: identical
    // queries in flight still share one request (in the trace of the first).
    const base = retryStaleConnection((input: string, init?: RequestInit) => fetch(input, withTraceContext(init)));
    const fetcher = dedupe ? dedupeInflight(base) : Object.assign(base, { shared: () => 0 });
    super({ url, fetcher: fetcher as unknown as RemoteGraphQLDataSource['fetcher'] });
    this.sharedFetches = fetcher.shared;
    this.onFetch = onFetch;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const clientName = options.context?.clientName;
    if (clientName) options.request.http?.headers.set(CLIENT_NAME, clientName);
  }

  override didReceiveResponse<T>({ response }: { response: T }): T {
    this.state = 'up';
    this.onFetch('ok');
    return response;
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    this.onFetch('error');
    if (response && response.status < 500) throw error;
    this.state = 'down';
    const reason = response ? `HTTP ${response.status}` : failureReason(error);
    throw new GraphQLError(
      `Subgraph "${this.name}" is unavailable (${reason}); the fields it serves are missing from this response.`,
      { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.name } },
    );
  }
}
