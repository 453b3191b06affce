/**
 * The `extensions.code` values meshgraph itself gives errors (besides Apollo
 * Server's own, such as `GRAPHQL_PARSE_FAILED` and `BAD_USER_INPUT`).
 */
export const ErrorCode = {
  /** The body is not JSON, or not a GraphQL request. HTTP 400. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The body is larger than the limit. HTTP 413. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The operation nests deeper than the limit. HTTP 400. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** The gateway is still waiting for subgraphs. HTTP 503. */
  GATEWAY_STARTING: 'GATEWAY_STARTING',
  /** A subgraph did not answer; the data it serves is missing from the response. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** A subscription was refused: the connection or the gateway holds as many as it may. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** The composed graph changed and a subscription is no longer valid on it; it has ended. */
  SUPERGRAPH_CHANGED: 'SUPERGRAPH_CHANGED',
  /** Something failed that the caller cannot fix; details are in the server log. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
