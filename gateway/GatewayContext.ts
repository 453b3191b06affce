import type { Consumer } from '../governance/Consumer.ts';

/** What the gateway knows about each incoming request. */
export interface GatewayContext {
  /** The caller's name, from `apollographql-client-name`, passed on to subgraphs. */
  clientName?: string;
  /** Aborts when the request runs past its time limit: the subgraph fetches still running are aborted with it. */
  signal?: AbortSignal;
  /** Who calls, once authenticated; undefined for an anonymous caller (or an ungoverned gateway). */
  consumer?: Consumer;
}
