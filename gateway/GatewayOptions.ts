import type { BackoffOptions } from '../common/index.ts';
import type { Governance } from '../governance/Governance.ts';
import type { MeshPolicy } from '../governance/policy/MeshPolicy.ts';
import type { ServiceCredential } from '../governance/identity/index.ts';
import type { DemoSignIn } from './demoSignInRoute.ts';
import type { Logger } from '../logger/index.ts';
import type { MeshNotifications } from '../governance/notifications/index.ts';
import type { FieldUsageRecorder, UsageReader } from '../registry/usage/index.ts';
import type { FollowingMeshCatalog } from './catalog/createMeshCatalog.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';
import type { SupergraphSource } from './SupergraphSource.ts';
import type { LifecycleBook, MeshRegistry } from '../registry/index.ts';

/** Options of `createGateway`. */
export interface GatewayOptions {
  /** The subgraphs to compose, polled for their SDL every `supergraphPollMs` (development); needed unless `supergraph` or `registry` is given. @default none */
  subgraphs?: readonly SubgraphEndpoint[];
  /** Where the supergraph comes from instead of polling `subgraphs`: a supergraph file, say. @default polling `subgraphs` (`createPollingSupergraphSource`) */
  supergraph?: SupergraphSource;
  /** The mesh's registry on the event log (`createMeshRegistry`): the gateway serves what its publications compose into (over `supergraph` and `subgraphs`), every replica alike, and takes publications on `POST /registry/subgraphs`. @default none */
  registry?: MeshRegistry;
  /** With `registry`: the recorded use its domains read on `GET /registry/usage?subgraph=<name>` (`createUsageReader`). @default none: no usage route */
  usage?: UsageReader;
  /** The data products' lifecycles (`createLifecycleBook`, on the registry's event log): the catalog shows each product's effective status and history, and owners move statuses on `POST /registry/lifecycle`. @default none: a product's status is its descriptor's */
  lifecycle?: LifecycleBook;
  /** The mesh's catalog (`createMeshCatalog`, with `lifecycle`), when governance reads it too (its agreements' products): the gateway makes it follow the subgraphs it serves, so both see one catalog, one look at the domains. @default a catalog of its own */
  catalog?: FollowingMeshCatalog;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Deepest operation accepted; introspection fields do not count. @default 15 */
  maxDepth?: number;
  /** Largest estimated cost of an operation, by the supergraph's `@cost` and `@listSize` (IBM's GraphQL Cost Directive specification): each object 1 (or its `@cost`), times the list sizes above it; over it, `COST_ESTIMATED_TOO_EXPENSIVE`. @default 100_000 */
  maxCost?: number;
  /** Size assumed of a list that no slicing argument or `@listSize(assumedSize)` sizes. @default 20 */
  defaultListSize?: number;
  /** Most fields in an operation, at any depth, fragments expanded. @default 1_000 */
  maxFields?: number;
  /** Most operations in a batched request (a JSON array body over HTTP); 0 refuses batches with 400 `BATCHING_NOT_ALLOWED`. @default 0 */
  maxBatchOperations?: number;
  /** Requests and estimated cost per minute of each consumer (an anonymous caller: of its address), over HTTP and WebSocket; past one, HTTP 429 `RATE_LIMITED` with `Retry-After`. `false`: none. @default the mesh policy's (`governance.policy.rateLimits`) when `governance` is given, else none */
  rateLimits?: MeshPolicy['rateLimits'] | false;
  /** Most aliased fields in an operation, fragments expanded. @default 50 */
  maxAliases?: number;
  /** Most root fields in an operation, fragments expanded. @default 30 */
  maxRootFields?: number;
  /** Most tokens in a document. @default 20_000 */
  maxTokens?: number;
  /** Largest accepted request body over HTTP, and largest message over WebSocket. @default 1_048_576 */
  maxBodyBytes?: number;
  /** Time a query or mutation (over HTTP or WebSocket) may take; past it its subgraph fetches still running are aborted, and the caller gets what did answer, with an `OPERATION_TIMEOUT` error for each subgraph that did not. 0 sets no limit. @default 30_000 */
  requestTimeoutMs?: number;
  /** Time a client has to send a whole request (headers and body); past it the server answers 408 and closes the connection. @default 10_000 */
  requestReadTimeoutMs?: number;
  /** Interval of the gateway's look at each subgraph's `/health` (2 s to answer), so that its own `/health` tells a subgraph that stopped answering, or answers again, without waiting for a query. 0 never looks. @default 5_000 */
  healthProbeMs?: number;
  /** Limits of client WebSocket connections (the largest message is `maxBodyBytes`). */
  webSocket?: {
    /** Browser origins allowed besides the gateway's own host; `*` allows any. A client that sends no `Origin` (not a browser) is always allowed. @default [] */
    allowedOrigins?: readonly string[];
    /** Open connections at most; past it an upgrade is refused with HTTP 503. @default 10_000 */
    maxConnections?: number;
    /** Time a client has to send `connection_init` (then closed with 4408). @default 3_000 */
    connectionInitWaitMs?: number;
    /** Time a connection may stay open with no operation (then closed with 1000); 0 never closes it. @default 60_000 */
    idleTimeoutMs?: number;
    /** Ping interval; a client that does not answer within it is disconnected. @default 12_000 */
    keepAliveMs?: number;
  };
  /** Stack traces and unmasked errors in responses. @default false */
  development?: boolean;
  /**
   * Answers introspection (`__schema`, `__type`), which the web catalog's IDE
   * and live event preview read. On even in production, unlike Apollo Server:
   * the catalog publishes every data product's schema to anyone, so hiding
   * the API's hides nothing, and tools need it. @default true
   */
  introspection?: boolean;
  /** Share one subgraph fetch among identical queries in flight at the same time. @default true */
  dedupeInflight?: boolean;
  /**
   * Identical queries in flight at the same time share one execution: the
   * same document, operation, variables, consumer and client name (mutations
   * never). On by default: it changes no answer — nothing is kept once the
   * execution ends, and each caller is still authenticated, rate-limited,
   * planned against its own rights, audited and masked for itself — while a
   * burst of the same query (a dashboard many people open, a client retrying)
   * costs the gateway and the subgraphs one execution. A caller that runs out
   * of time stops waiting alone. @default true
   */
  inboundDedupe?: boolean;
  /** Documents kept for Automatic Persisted Queries (clients send a hash, and the document once when it is not known), the least recently used dropped; 0 turns APQ off. @default 1_000 */
  apqCacheSize?: number;
  /** A manifest of trusted documents, run by their SHA-256 (`extensions.persistedQuery.sha256Hash` or `documentId`): Apollo's persisted query manifest or a `{ "<sha256>": "<document>" }` map. Read at start; a bad one is a `ConfigError`. @default none */
  trustedDocuments?: string;
  /** Only the trusted documents run, over HTTP and WebSocket, by id or in full; any other operation gets 400 `OPERATION_NOT_TRUSTED`. Governance still applies to them. Needs `trustedDocuments`. @default false */
  trustedDocumentsOnly?: boolean;
  /** Retry of subgraphs that are not up at start. @default { initialDelayMs: 200, maxDelayMs: 1_000 } */
  backoff?: BackoffOptions;
  /** How long to wait at start for subgraphs that are not up; then the gateway starts with those that are (at least one), and the others join later. @default 60_000 */
  startupWaitMs?: number;
  /** Time between two looks at the subgraphs' SDL, recomposing when one changed; 0 never looks. @default 5_000 */
  supergraphPollMs?: number;
  /** Limits and retries of subscriptions over WebSocket. */
  subscriptions?: {
    /** Open subscriptions one connection may hold. @default 100 */
    maxPerConnection?: number;
    /** Open subscriptions in all. @default 50_000 */
    maxTotal?: number;
    /** Events waiting for one slow client before its connection is closed (code 4413). @default 1_000 */
    maxBufferedEvents?: number;
    /** Backoff of reconnections to a subgraph's subscription. @default { initialDelayMs: 100, maxDelayMs: 5_000 } */
    backoff?: BackoffOptions;
    /** How long an event whose enrichment failed (a subgraph of the rest of its plan down) is retried before it is delivered with the fields that subgraph serves missing; 0 delivers it at once. @default 5_000 */
    enrichmentRetryMs?: number;
  };
  /** Who may read what: consumers, the mesh policy, access agreements and the audit. The command line always gives one. @default none: every caller reads everything (tests of the bare gateway) */
  governance?: Governance;
  /** Records which consumers use which fields and arguments (`createFieldUsageRecorder`), for breaking-change checks against real use. The command line always gives one. @default none: nothing is recorded */
  fieldUsage?: FieldUsageRecorder;
  /** The mesh's notifications (`createMeshNotifications`, the source `governance`'s notification fields tell): the gateway produces those of the data products' lives — deprecations and retirements (`lifecycle`), publications `registry` refuses for breaking real use, deprecated fields used (with `fieldUsage`), freshness beyond an SLO for longer than `sloBreachMs`. The command line always gives one. @default none: only access agreements are told */
  notifications?: MeshNotifications;
  /** The gateway's own credential to the subgraphs (`createServiceCredential`): sent on every fetch, upstream subscription and SDL request, never the client's. The command line always gives one. @default none: subgraphs are called without credentials */
  credential?: ServiceCredential;
  /** Demo sign-in for the web catalog: anyone who reaches the gateway may take a token of these consumers (`POST /auth/demo-token`). `meshgraph gateway` gives one with the development key (`readDemoSignIn`). @default off */
  demoSignIn?: DemoSignIn;
  /** @default a logger named `gateway` */
  logger?: Logger;
}
