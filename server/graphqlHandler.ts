import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { PayloadTooLargeError, readBody } from './readBody.ts';
import { ErrorCode } from '../schema/index.ts';
import { negotiateMediaType, parseAccept } from './negotiateMediaType.ts';
import { GraphQLError } from 'graphql';
import { sendGraphQLError, sendRefusal } from './sendJson.ts';
import type { Admission } from './Admission.ts';
import type { OperationLimits } from './operationLimits/index.ts';
import { resolveHttpOperations, type PersistedOperations } from './persistedOperations/index.ts';
import type { ResponseBytes } from './responseBytes.ts';

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  /** A started Apollo Server. */
  apollo: ApolloServer<TContext>;
  /** Builds the per-request context. */
  context: (request: IncomingMessage) => Promise<TContext>;
  /** Largest accepted request body. @default 1_048_576 */
  maxBodyBytes?: number;
  /** Limits every document is held to before Apollo Server parses, validates or runs it. @default none */
  limits?: OperationLimits;
  /** Most operations in a batched request (a JSON array body); 0 refuses batches with 400 `BATCHING_NOT_ALLOWED`. Apollo Server must allow batches when it is not 0. @default 0 */
  maxBatchOperations?: number;
  /** Decides whether a request within the limits runs now (e.g. rate limits), told its operations and their estimated cost. @default every request runs */
  admit?: Admission;
  /** Finds the documents of operations sent by hash (APQ, trusted documents) before the limits see them; Apollo Server's own APQ must be off. @default operations sent by hash go to Apollo Server as they came */
  persistedOperations?: PersistedOperations;
  /** Answers serialized straight to bytes; Apollo Server's `stringifyResult` must be its `stringifyResult`. @default Apollo Server's strings, encoded */
  responseBytes?: ResponseBytes;
}

/**
 * Serves GraphQL over HTTP with Apollo Server on a plain `node:http` request:
 * limits the body, turns malformed JSON into a GraphQL error with status 400
 * (GraphQL-over-HTTP), and streams incremental responses. A request error
 * (parse, validation, variables, limits) is 400 in either media type, as
 * Apollo Server answers it: meshgraph is a drop-in for `@apollo/gateway`, so
 * it does not take GraphQL-over-HTTP's advice of 200 for `application/json`.
 */
export function createGraphQLHandler<TContext extends BaseContext>(options: GraphQLHandlerOptions<TContext>) {
  const { apollo, context, maxBodyBytes = 1_048_576, limits, maxBatchOperations = 0, admit, persistedOperations, responseBytes } = options;
  return async (request: IncomingMessage, response: ServerResponse, requestUrl: URL): Promise<void> => {
    let url = requestUrl;
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // The media type Apollo Server would answer in, for the errors sent before it runs: negotiated only for them.
    const errorType = () => `${negotiateMediaType(parseAccept(headers.get('accept')), RESPONSE_MEDIA_TYPES) ?? 'application/json'}; charset=utf-8`;

    let body: unknown;
    try {
      const text = request.method === 'POST' ? await readBody(request, maxBodyBytes) : '';
      body = parseBody(text, headers.get('content-type'));
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        sendGraphQLError(response, 413, ErrorCode.PAYLOAD_TOO_LARGE, error.message, errorType());
      } else if (error instanceof SyntaxError) {
        sendGraphQLError(response, 400, ErrorCode.BAD_REQUEST, `The request body is not valid JSON: ${error.message}`, errorType());
      } else {
        throw error;
      }
      return;
    }
    if (Array.isArray(body) && body.length > maxBatchOperations) {
      const [code, message] =
        maxBatchOperations === 0
          ? [ErrorCode.BATCHING_NOT_ALLOWED, `This server takes one operation per request, but the body is a batch of ${body.length}. Send each operation in a request of its own.`]
          : [ErrorCode.BATCH_TOO_LARGE, `The batch holds ${body.length} operations; the limit is ${maxBatchOperations}. Send smaller batches, or the operations one by one.`];
      sendGraphQLError(response, 400, code, message, errorType());
      return;
    }
    if (persistedOperations) {
      const resolved = resolveHttpOperations(persistedOperations, body, url);
      if (resolved.refusal) {
        sendRefusal(response, resolved.refusal, errorType());
        return;
      }
      ({ body, url } = resolved);
    }
    // Before Apollo Server: its validation alone takes time that grows faster than the document on some crafted ones.
    const operations = requestOperations(body, url);
    let estimatedCost = 0;
    for (const [index, { query, variables }] of operations.entries()) {
      if (!limits) break;
      const { refusal, estimatedCost: cost } = limits.assess(query, variables);
      if (refusal) {
        const error = Array.isArray(body) ? new GraphQLError(`Operation ${index + 1} of the batch: ${refusal.message}`, { extensions: refusal.extensions }) : refusal;
        sendRefusal(response, { status: 400, error }, errorType());
        return;
      }
      estimatedCost += cost;
    }
    const refusal = admit?.(request, { operations: Math.max(1, operations.length), estimatedCost });
    if (refusal) {
      sendRefusal(response, refusal, errorType());
      return;
    }

    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => context(request),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      // As bytes with their length: a string body goes out chunked, its length counted and its bytes encoded on the way.
      const sent = responseBytes?.take(result.body.string) ?? Buffer.from(result.body.string);
      response.setHeader('content-length', sent.length);
      response.end(sent);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };
}

/** The documents and variables of a request: of each operation of a POST body (one, or a batch), or of a GET's query string. */
function requestOperations(body: unknown, url: URL): { query: string; variables: Record<string, unknown> | undefined }[] {
  const operation = (value: unknown) => {
    if (!isRecord(value) || typeof value['query'] !== 'string') return [];
    const variables = value['variables'];
    return [{ query: value['query'], variables: isRecord(variables) ? variables : undefined }];
  };
  if (Array.isArray(body)) return body.flatMap(operation);
  if (typeof body === 'object' && body !== null) return operation(body);
  const query = url.searchParams.get('query');
  if (query === null) return [];
  let variables: unknown;
  try {
    variables = JSON.parse(url.searchParams.get('variables') ?? 'null');
  } catch {
    // Apollo Server answers malformed variables itself.
  }
  return [{ query, variables: isRecord(variables) ? variables : undefined }];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a GraphQL response may be sent as, in Apollo Server's order of preference (GraphQL-over-HTTP). */
const RESPONSE_MEDIA_TYPES = ['application/json', 'application/graphql-response+json'] as const;

/** Parses a JSON body; anything else is passed on as text for Apollo Server to judge. */
function parseBody(text: string, contentType: string | undefined): unknown {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json' || mediaType === 'application/graphql-response+json') {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
  return text;
}
