import type { ServiceCredential } from '../governance/identity/index.ts';
import type { Logger } from '../logger/index.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

/** A supergraph for the gateway to serve, and the domains' subgraphs it routes to. */
export interface SourcedSupergraph {
  /** The supergraph SDL, the gateway's catalog subgraph included. */
  readonly sdl: string;
  /** The domains' subgraphs (the catalog's aside): the catalog reads their discovery ports, the health probe their `/health`, subscriptions open at their URL. */
  readonly subgraphs: readonly SubgraphEndpoint[];
  /** Each domain subgraph's SDL, for the catalog's polyseme map. */
  readonly subgraphSdls: readonly { name: string; sdl: string }[];
}

/** Why the latest supergraph a source has is not the one served: the gateway keeps serving the last good one. */
export interface SupergraphRejection {
  /** What is wrong with it, naming where it comes from (a file that is not a supergraph, say). */
  readonly reason: string;
  /** ISO-8601 time it was first seen. */
  readonly at: string;
}

/** What a gateway tells its supergraph source when it starts it. */
export interface SupergraphSourceContext {
  /** The gateway's own GraphQL URL, the catalog subgraph's, for a source that composes. */
  catalogUrl: string;
  /** Aborts when the gateway closes: the source stops waiting and watching. */
  signal: AbortSignal;
  logger: Logger;
  /** The gateway's credential to the subgraphs, for a source that asks them for their SDL. @default none */
  credential?: ServiceCredential;
}

/** The first supergraph a source gave, and how to hear of the next ones. */
export interface StartedSupergraph {
  readonly supergraph: SourcedSupergraph;
  /** Calls `onChange` with each later supergraph until the gateway closes; a throw means the gateway cannot serve it (the source keeps the last good one). */
  watch(onChange: (next: SourcedSupergraph) => void): void;
}

/**
 * Where a gateway's supergraph comes from: polling a fixed list of subgraphs
 * for their SDL (`MESHGRAPH_SUBGRAPHS`, development), the mesh's registry on
 * the event log (publications, every replica), or a supergraph file.
 */
export interface SupergraphSource {
  /** The subgraphs known before the first supergraph (what a starting gateway waits for); may be empty. */
  subgraphs(): readonly SubgraphEndpoint[];
  /** Resolves with the first supergraph to serve, waiting as long as the source needs; rejects when the signal aborts or there can be none. */
  start(context: SupergraphSourceContext): Promise<StartedSupergraph>;
  /** Why the source's latest supergraph is not served, shown by `/health` (`degraded`); none while it is. @default never */
  rejected?(): SupergraphRejection | undefined;
}
