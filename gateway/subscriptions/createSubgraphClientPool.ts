import { createClient, type Client } from 'graphql-ws';
import { closeWithin } from '../../common/index.ts';
import { CONSUMER_HEADER, type ServiceCredential } from '../../governance/identity/index.ts';
import { CLIENT_NAME } from '../../server/callerValue.ts';
import { subgraphClientKey, type Caller } from './subscriptionKeys.ts';

export interface SubgraphClientPoolOptions {
  /** The HTTP URL of a subgraph, by name (its WebSocket URL is the same with `ws:`). */
  subgraphUrl: (name: string) => string | undefined;
  /** The WebSocket class the clients use (the `ws` package on Node 20). */
  webSocketImpl: unknown;
  /** The gateway's own credential, sent in each connection's `connection_init` (a fresh token at every connect). @default none */
  credential?: ServiceCredential;
}

/** The use of a pooled graphql-ws client by one upstream subscription. */
export interface SubgraphClientLease {
  readonly client: Client;
  /** The subscription is over; the client closes once no lease holds it (idempotent). */
  release(): void;
}

/** The graphql-ws clients of the gateway to the subgraphs: one per subgraph, consumer and client name. */
export interface SubgraphClientPool {
  /** A lease of the client for this subgraph and caller, created if none is open. */
  acquire(subgraph: string, caller: Caller): SubgraphClientLease;
  /** Open clients. */
  readonly size: number;
  /** Closes every client. */
  close(): Promise<void>;
}

/**
 * Pools graphql-ws clients to subgraphs. Each is lazy (it connects with its
 * first subscription) and is disposed when its last lease is released, so
 * that many client names do not accumulate clients.
 */
export function createSubgraphClientPool({ subgraphUrl, webSocketImpl, credential }: SubgraphClientPoolOptions): SubgraphClientPool {
  const terminable = withErrorsHeard(webSocketImpl);
  const pooled = new Map<string, { client: Client; leases: number }>();
  const disposing = new Set<Promise<void>>();

  /**
   * Disposes a client now, or on the next turn of the event loop; `close`
   * waits for either. A client still connecting waits for the subgraph's
   * `connection_ack` before it closes: one that never comes (a frozen
   * subgraph) ends in a terminate instead.
   */
  const dispose = (client: Client, { later = false } = {}) => {
    const turn = later ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve();
    const done = turn.then(() => closeWithin(client.dispose(), () => client.terminate())).finally(() => disposing.delete(done));
    disposing.add(done);
  };

  return {
    acquire(subgraph, caller) {
      const key = subgraphClientKey(subgraph, caller);
      let entry = pooled.get(key);
      if (!entry) {
        const url = subgraphUrl(subgraph);
        if (!url) throw new Error(`No URL for subgraph "${subgraph}".`);
        const { consumer, clientName } = caller;
        const client = createClient({
          url: url.replace(/^http/, 'ws'),
          webSocketImpl: terminable,
          lazy: true,
          lazyCloseTimeout: 0,
          // The upstream resumes itself, after the last event it received.
          retryAttempts: 0,
          // The gateway's credential, never the client's: the domain answers the gateway, told on whose behalf.
          connectionParams: async () => ({
            ...(credential ? { authorization: await credential.authorization() } : {}),
            ...(consumer ? { [CONSUMER_HEADER]: consumer.id } : {}),
            ...(clientName ? { [CLIENT_NAME]: clientName } : {}),
          }),
        });
        entry = { client, leases: 0 };
        pooled.set(key, entry);
      }
      entry.leases++;
      const held = entry;
      let released = false;
      return {
        client: held.client,
        release() {
          if (released) return;
          released = true;
          if (--held.leases > 0 || pooled.get(key) !== held) return;
          pooled.delete(key);
          // After the upstream's `complete`, which its subscription sends as it is released.
          dispose(held.client, { later: true });
        },
      };
    },
    get size() {
      return pooled.size;
    },
    async close() {
      for (const { client } of pooled.values()) dispose(client);
      pooled.clear();
      await Promise.all([...disposing]);
    },
  };
}

/**
 * `webSocketImpl` whose sockets always have an error listener. graphql-ws's
 * `terminate` drops its own before `ws` reports, a tick later, the handshake
 * it aborted: with no listener left, that report would be thrown and crash
 * the process. graphql-ws has been told of every error before.
 */
function withErrorsHeard(webSocketImpl: unknown): unknown {
  const Impl = webSocketImpl as new (...args: unknown[]) => { addEventListener(type: 'error', listener: () => void): void };
  return class extends Impl {
    constructor(...args: unknown[]) {
      super(...args);
      this.addEventListener('error', () => {});
    }
  };
}
