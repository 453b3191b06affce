import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { createClient, type Client } from 'graphql-ws';
import { requestHeaders } from '../graph/request.ts';

/** The name the mesh's consumer counts and lineage know the IDE by, apart from the catalog's pages. */
export const IDE_CLIENT_NAME = 'meshgraph-web-ide';

/** What every IDE request says about its caller: the IDE's name, and the viewer's token when signed in. */
export const ideHeaders = (): Record<string, string> => ({ ...requestHeaders(), 'apollographql-client-name': IDE_CLIENT_NAME });

let current: { authorization: string | undefined; fetcher: Fetcher; wsClient: Client } | undefined;

/**
 * GraphiQL's fetcher against the gateway's `/graphql`: queries and
 * mutations as `POST`, subscriptions over graphql-ws on the same path. It
 * asks who the viewer is on every operation, so signing in or out in another
 * tab of the catalog applies to the next run; the WebSocket, whose caller
 * governance fixes at `connection_init`, is opened anew when that changes.
 */
export function createIdeFetcher(): Fetcher {
  return (params, options) => fetcherForViewer()(params, options);
}

function fetcherForViewer(): Fetcher {
  const { authorization } = ideHeaders();
  if (current && current.authorization === authorization) return current.fetcher;
  void current?.wsClient.dispose();
  const url = new URL('/graphql', location.href);
  const wsClient = createClient({ url: `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}${url.pathname}`, lazy: true, connectionParams: ideHeaders });
  const fetcher = createGraphiQLFetcher({
    url: url.href,
    wsClient,
    // Plain POST: the gateway answers each operation whole (no incremental delivery).
    enableIncrementalDelivery: false,
    // Read per request, not fixed at creation: the headers editor's own headers still win, as GraphiQL merges them after.
    fetch: (input, init) => fetch(input, { ...init, headers: { ...ideHeaders(), ...(init?.headers as Record<string, string> | undefined) } }),
  });
  current = { authorization, fetcher, wsClient };
  return fetcher;
}
