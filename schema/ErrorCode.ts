/**
 * Every `extensions.code` a caller of the mesh may get: those meshgraph gives
 * itself, and those of Apollo Server that meshgraph also raises or relies on
 * (same spelling, so a client checks one list). Error bodies that are not
 * GraphQL (`GET /catalog/<urn>`) carry them too, as `code`.
 */
export const ErrorCode = {
  /** The body is not JSON, or not a GraphQL request. HTTP 400. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The body is larger than the limit. HTTP 413. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The operation nests deeper than the limit. HTTP 400. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** The operation is larger than a limit: its aliases, root fields, fields or tokens. HTTP 400. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The operation's estimated cost (`@cost`, `@listSize`) is over the limit; `extensions.estimatedCost` and `extensions.maxCost` say by how much (Apollo Router's code). HTTP 400. */
  COST_ESTIMATED_TOO_EXPENSIVE: 'COST_ESTIMATED_TOO_EXPENSIVE',
  /** The request is a batch (a JSON array of operations) and this server takes one operation per request. HTTP 400. */
  BATCHING_NOT_ALLOWED: 'BATCHING_NOT_ALLOWED',
  /** The batch holds more operations than the limit. HTTP 400. */
  BATCH_TOO_LARGE: 'BATCH_TOO_LARGE',
  /** The consumer spent its requests or estimated cost per minute; `extensions.limit` names which, `extensions.retryAfterSeconds` when to retry. HTTP 429 with `Retry-After`. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The request ran past its time limit (`MESHGRAPH_REQUEST_TIMEOUT_MS`); what was not resolved by then is missing, and its work was abandoned. */
  OPERATION_TIMEOUT: 'OPERATION_TIMEOUT',
  /** The document does not parse (Apollo Server's code). */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The document does not validate against the schema (Apollo Server's code). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** The request names no operation, or one the document lacks (Apollo Server's code). HTTP 400. */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** An argument or variable has a value the field refuses: a bad cursor, page size or URN (Apollo Server's code). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** `lineage(urn)` names no data product of the catalog. */
  UNKNOWN_DATA_PRODUCT: 'UNKNOWN_DATA_PRODUCT',
  /** `GET /catalog/<urn>` names no data product of the mesh. HTTP 404. */
  NOT_FOUND: 'NOT_FOUND',
  /** `GET /catalog/<urn>` asks for an export format meshgraph does not have. HTTP 400, or 406 for an `Accept` header. */
  UNKNOWN_EXPORT_FORMAT: 'UNKNOWN_EXPORT_FORMAT',
  /** The gateway is still waiting for subgraphs. HTTP 503. */
  GATEWAY_STARTING: 'GATEWAY_STARTING',
  /** A subgraph did not answer; the data it serves is missing from the response. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** No subgraph can answer a root field of the operation (a type only a non-resolvable `@interfaceObject` describes): nothing is fetched, `data` is null. HTTP 200. */
  QUERY_PLANNING_FAILED: 'QUERY_PLANNING_FAILED',
  /** The subgraph runs without an event log, so its subscription fields have no events to serve; or the gateway runs without governance, so its governance fields have nothing to serve. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A subscription was refused: the connection or the gateway holds as many as it may. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** The composed graph changed and a subscription is no longer valid on it; it has ended. */
  SUPERGRAPH_CHANGED: 'SUPERGRAPH_CHANGED',
  /** The credentials are missing where required, expired or invalid (Apollo Server's code). HTTP 401. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller is known but may not do or read this; the error names the rule and how to get access (Apollo Server's code). */
  FORBIDDEN: 'FORBIDDEN',
  /** The operation selects an output port of a retired data product; `extensions` name the product (`urn`), when and why it was retired, and its successor and the successor's fields (`successor`, `successorFields`), if any. Nothing was fetched. HTTP 410. A live subscription to a product that gets retired ends with it. */
  DATA_PRODUCT_RETIRED: 'DATA_PRODUCT_RETIRED',
  /** A subgraph published to the registry fails its checks (it does not compose, say); the body is the check report. HTTP 422. */
  PUBLICATION_REFUSED: 'PUBLICATION_REFUSED',
  /** Something failed that the caller cannot fix; details are in the server log. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
