import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { PayloadTooLargeError, readBody } from './readBody.ts';
import { ErrorCode } from '../schema/index.ts';
import { negotiateMediaType, parseAccept } from './negotiateMediaType.ts';
import { sendGraphQLError } from './sendJson.ts';
import type { OperationLimits } from './operationLimits/index.ts';

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  /** A started Apollo Server. */
  apollo: ApolloServer<TContext>;
  /** Builds the per-request context. */
  context: (request: IncomingMessage) => Promise<TContext>;
  /** Largest accepted request body. @default 1_048_576 */
  maxBodyBytes?: number;
  /** Limits every document is held to before Apollo Server parses, validates or runs it. @default none */
  limits?: OperationLimits;
}

/**
 * Serves GraphQL over HTTP with Apollo Server on a plain `node:http` request:
 * limits the body, turns malformed JSON into a GraphQL error with status 400
 * (GraphQL-over-HTTP), and streams incremental responses.
 */
export function createGraphQLHandler<TContext extends BaseContext>(options: GraphQLHandlerOptions<TContext>) {
  const { apollo, context, maxBodyBytes = 1_048_576, limits } = options;
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // The media type Apollo Server would answer in, for the errors sent before it runs.
    const errorType = `${negotiateMediaType(parseAccept(headers.get('accept')), RESPONSE_MEDIA_TYPES) ?? 'application/json'}; charset=utf-8`;

    let body: unknown;
    try {
      const text = request.method === 'POST' ? await readBody(request, maxBodyBytes) : '';
      body = parseBody(text, headers.get('content-type'));
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        sendGraphQLError(response, 413, ErrorCode.PAYLOAD_TOO_LARGE, error.message, errorType);
      } else if (error instanceof SyntaxError) {
        sendGraphQLError(response, 400, ErrorCode.BAD_REQUEST, `The request body is not valid JSON: ${error.message}`, errorType);
      } else {
        throw error;
      }
      return;
    }
    // Before Apollo Server: its validation alone takes time that grows faster than the document on some crafted ones.
    const overLimit = limits && checkLimits(limits, body, url);
    if (overLimit) {
      const code = String(overLimit.extensions['code']);
      sendGraphQLError(response, errorType.startsWith('application/json') ? 200 : 400, code, overLimit.message, errorType);
      return;
    }

    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => context(request),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      if (isLegacyJsonRequestError(response.statusCode, result.headers.get('content-type'), result.body.string)) response.statusCode = 200;
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };
}

/** The error of a request whose document is over `limits`: the document and variables of a POST body or of a GET's query string. */
function checkLimits(limits: OperationLimits, body: unknown, url: URL) {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { query, variables } = body as { query?: unknown; variables?: unknown };
    return typeof query === 'string' ? limits.check(query, isRecord(variables) ? variables : undefined) : undefined;
  }
  const query = url.searchParams.get('query');
  if (query === null) return undefined;
  let variables: unknown;
  try {
    variables = JSON.parse(url.searchParams.get('variables') ?? 'null');
  } catch {
    // Apollo Server answers malformed variables itself.
  }
  return limits.check(query, isRecord(variables) ? variables : undefined);
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

/** Codes of a well-formed request whose document fails before execution. */
const REQUEST_ERROR_CODES = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
  ErrorCode.QUERY_TOO_DEEP,
  ErrorCode.QUERY_TOO_COMPLEX,
]);

/**
 * GraphQL-over-HTTP: a response in `application/json` (a client that does not
 * accept `application/graphql-response+json`) SHOULD use 200 for a well-formed
 * request whose document fails to parse, validate or coerce; the errors in the
 * body tell what went wrong. Apollo Server answers 400, so this corrects it.
 */
function isLegacyJsonRequestError(status: number, contentType: string | undefined, body: string): boolean {
  if (status !== 400 || !contentType?.startsWith('application/json')) return false;
  try {
    const { errors } = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
    return Array.isArray(errors) && errors.length > 0 && errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)));
  } catch {
    return false;
  }
}
