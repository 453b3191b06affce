import { AsyncLocalStorage } from 'node:async_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { failureReason } from '../common/index.ts';
import type { Logger } from '../logger/index.ts';
import { CONSUMER_HEADER, type ServiceCredential } from '../governance/identity/index.ts';
import { CLIENT_NAME, createJsonSerializer, ErrorCode } from '../server/index.ts';
import { injectTraceContext } from '../telemetry/index.ts';
import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader.js';
import type { GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { dedupeInflight, type Fetch } from './dedupeInflight.ts';
import { httpFetch } from './httpFetch.ts';
import { bytesOf, decodeUtf8, headerOf, SubgraphAnswer } from './SubgraphAnswer.ts';
import { readRequestErrors, SUBGRAPH_ACCEPT } from './readRequestErrors.ts';
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

/**
 * The signal of the request a fetch is made for: Apollo's data source builds
 * the fetch's `init` itself, so the signal goes alongside, in the async
 * context of the request's execution.
 */
const requestSignal = new AsyncLocalStorage<AbortSignal>();

/** `init` with the signal of the request it is made for, if it has one. */
function withRequestSignal(init: RequestInit | undefined): RequestInit | undefined {
  const signal = requestSignal.getStore();
  return signal ? { ...init, signal } : init;
}

/** What a fetch of a query plan sends a subgraph. */
export interface SubgraphRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

/** Request bodies as bytes; synchronous, so one serializer serves every data source. */
const serializeRequest = createJsonSerializer();

/** A subgraph's `Cache-Control` as the hint that restricts the response's cache policy, as Apollo's data source reads it. */
function cacheHint(header: string | null): { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } {
  const parsed = parseCacheControlHeader(header);
  const maxAge = parsed['max-age'];
  return {
    maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...(parsed['private'] === true ? { scope: 'PRIVATE' as const } : {}),
    ...(parsed['public'] === true ? { scope: 'PUBLIC' as const } : {}),
  };
}

/** The code of a subgraph's HTTP error, where one says more than that the subgraph did not serve it. */
const HTTP_ERROR_CODES: Readonly<Record<number, string>> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 413: ErrorCode.PAYLOAD_TOO_LARGE };

/** Last known state of a subgraph, from the outcome of the gateway's latest fetch to it or look at its `/health`. */
export type SubgraphState = 'up' | 'down';

/**
 * Fetches from one subgraph. A subgraph that does not answer becomes a
 * GraphQL error naming it (code `SUBGRAPH_UNAVAILABLE`), so the caller gets
 * the data the other subgraphs could give and knows what is missing. The
 * caller's client name travels on to the subgraph, and so does the trace
 * context (`traceparent`) when tracing is on; the caller's own credentials
 * never do: the gateway sends its own.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  state: SubgraphState = 'up';

  /** How many fetches shared another identical one in flight. */
  readonly sharedFetches: () => number;

  private readonly onFetch: (outcome: 'ok' | 'error') => void;

  private readonly logger: Logger | undefined;

  private readonly credential: ServiceCredential | undefined;

  /** The fetch below Apollo's pipeline: deduplicated, retried once on a stale connection, request errors read. */
  private readonly send: Fetch;

  constructor(
    readonly name: string,
    url: string,
    {
      dedupe = true,
      onFetch = () => {},
      logger,
      credential,
    }: {
      dedupe?: boolean;
      onFetch?: (outcome: 'ok' | 'error') => void;
      logger?: Logger;
      /** The gateway's own credential, sent as `Authorization` on every fetch (never the client's). */
      credential?: ServiceCredential;
    } = {},
  ) {
    // Node's own http over pooled keep-alive connections (httpFetch) rather than the
    // default make-fetch-happen, whose HTTP-cache machinery the gateway does not use.
    // The trace context goes in below the dedupe, which keys on headers: identical
    // queries in flight still share one request (in the trace of the first).
    const base = readRequestErrors(retryStaleConnection((input: string, init?: RequestInit) => httpFetch(input, withTraceContext(init))));
    const shared = dedupe ? dedupeInflight(base) : Object.assign(base, { shared: () => 0 });
    const fetcher = Object.assign((input: string, init?: RequestInit) => shared(input, withRequestSignal(init)), { shared: shared.shared });
    super({ url, fetcher: fetcher as unknown as RemoteGraphQLDataSource['fetcher'] });
    this.send = shared;
    this.sharedFetches = fetcher.shared;
    this.onFetch = onFetch;
    this.logger = logger;
    this.credential = credential;
  }

  /** Runs the fetch in the request's context: its signal (the request's time limit) aborts the fetch. */
  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const signal = options.context?.signal;
    return signal ? requestSignal.run(signal, () => super.process(options)) : super.process(options);
  }

  /** The headers of `headersFor` on each request Apollo's pipeline sends. */
  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = options.request.http?.headers;
    for (const [name, value] of Object.entries(await this.headersFor(options.context, {}))) headers?.set(name, value);
  }

  /** `headers` with the media type whose request errors `readRequestErrors` reads, the caller's client name and, with a credential, the gateway's `Authorization` and the consumer it calls for (`x-meshgraph-consumer`). */
  private headersFor(context: GatewayContext | undefined, headers: Record<string, string>): Record<string, string> | Promise<Record<string, string>> {
    headers['accept'] = SUBGRAPH_ACCEPT;
    const clientName = context?.clientName;
    if (clientName) headers[CLIENT_NAME] = clientName;
    const consumer = context?.consumer;
    if (consumer) headers[CONSUMER_HEADER] = consumer.id;
    // Without a credential, no wait: a fetch is several promises already.
    return this.credential ? this.credential.authorization().then((authorization) => ({ ...headers, authorization })) : headers;
  }

  /**
   * Sends one fetch of a query plan as `process` does (the same headers,
   * body, hooks, errors and cache policy), without Apollo's pipeline around
   * it: no node-fetch `Request` and `Headers` per fetch, the body serialized
   * straight to bytes, and the request's signal handed to the fetch rather
   * than carried in an async context, which every promise of the process
   * would pay for.
   */
  async fetchOperation(request: SubgraphRequest, context: GatewayContext | undefined, overallCachePolicy: GatewayGraphQLRequestContext['overallCachePolicy'] | undefined): Promise<GatewayGraphQLResponse> {
    let headers = this.headersFor(context, { 'content-type': 'application/json' });
    if (headers instanceof Promise) headers = await headers;
    const init: RequestInit = { method: 'POST', headers, body: serializeRequest(request).bytes as unknown as BodyInit, ...(context?.signal ? { signal: context.signal } : {}) };
    let response: Response | undefined;
    let body: object | string;
    try {
      response = await this.send(this.url!, init);
      if (!response.ok) throw await this.errorFromResponse(response);
      body = await this.parseBody(response);
      if (typeof body !== 'object' || body === null) throw new Error(`Expected JSON response body, but received: ${String(body)}`);
    } catch (error) {
      this.didEncounterError(error as Error, undefined, response, context);
      throw error;
    }
    this.didReceiveResponse({ response });
    if (this.honorSubgraphCacheControlHeader && overallCachePolicy && 'restrict' in overallCachePolicy) overallCachePolicy.restrict(cacheHint(headerOf(response, 'cache-control')));
    return body as GatewayGraphQLResponse;
  }

  /**
   * A subgraph's HTTP error (a 413, say) as a GraphQL error that names the
   * subgraph and the status. Apollo puts the subgraph's raw answer in
   * `extensions.response`; a client must never see it (it can tell the
   * subgraph's address and internals), so it goes to the log instead.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = await response.text().catch(() => '');
    this.logger?.warn('subgraph answered with an HTTP error', { subgraph: this.name, status: response.status, body: body.slice(0, 1_000) });
    return new GraphQLError(`Subgraph "${this.name}" refused the request with HTTP ${response.status}; the fields it serves are missing from this response.`, {
      extensions: { code: HTTP_ERROR_CODES[response.status] ?? ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.name },
    });
  }

  /** The subgraph's JSON answer, decoded from its bytes (`decodeUtf8`). */
  override async parseBody(response: Parameters<RemoteGraphQLDataSource['parseBody']>[0]): Promise<object | string> {
    const answer: unknown = response;
    // A SubgraphAnswer's bytes are at hand: no wait for them.
    const text = decodeUtf8(answer instanceof SubgraphAnswer ? answer.content : await bytesOf(response as unknown as Response));
    const contentType = headerOf(response as unknown as Response, 'content-type');
    return contentType?.startsWith('application/json') || contentType?.startsWith('application/graphql-response+json') ? (JSON.parse(text) as object) : text;
  }

  override didReceiveResponse<T>({ response }: { response: T }): T {
    this.state = 'up';
    this.onFetch('ok');
    return response;
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }, context?: GatewayContext): void {
    this.onFetch('error');
    if (context?.signal?.aborted) {
      // The request ran out of time: the subgraph may well be fine, so its state stays as it was.
      throw new GraphQLError(
        `The request ran past its time limit before subgraph "${this.name}" answered; the fields it serves are missing from this response. Ask for less, or retry later.`,
        { extensions: { code: ErrorCode.OPERATION_TIMEOUT, subgraph: this.name } },
      );
    }
    if (response && response.status < 500) throw error;
    this.state = 'down';
    const reason = response ? `HTTP ${response.status}` : failureReason(error);
    throw new GraphQLError(
      `Subgraph "${this.name}" is unavailable (${reason}); the fields it serves are missing from this response.`,
      { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.name } },
    );
  }
}
