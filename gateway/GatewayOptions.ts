import type { BackoffOptions } from '../common/index.ts';
import type { Logger } from '../logger/index.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

/** Options of `createGateway`. */
export interface GatewayOptions {
  /** The subgraphs to compose. */
  subgraphs: readonly SubgraphEndpoint[];
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Deepest operation accepted. @default 15 */
  maxDepth?: number;
  /** Largest accepted request body. @default 1_048_576 */
  maxBodyBytes?: number;
  /** Stack traces and unmasked errors in responses. @default false */
  development?: boolean;
  /** Share one subgraph fetch among identical queries in flight at the same time. @default true */
  dedupeInflight?: boolean;
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
  };
  /** @default a logger named `gateway` */
  logger?: Logger;
}
