import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fetch } from '../../gateway/dedupeInflight.ts';
import { retryStaleConnection } from '../../gateway/retryStaleConnection.ts';

/** A subgraph that drops the connection of its second request, as one closing an idle keep-alive connection would. */
async function startFlakySubgraph(): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      requests.push(body);
      if (requests.length === 2) {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, requests, server };
}

describe('a pooled connection the subgraph closed', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });
  const post = (fetcher: Fetch, url: string, query: string) =>
    fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

  it('costs a query one more try on a fresh connection, not an error', async () => {
    const subgraph = await startFlakySubgraph();
    server = subgraph.server;
    const fetcher = retryStaleConnection((url, init) => fetch(url, init));
    expect((await post(fetcher, subgraph.url, 'query A { a }')).status).toBe(200);
    expect((await post(fetcher, subgraph.url, 'query B { b }')).status).toBe(200);
    expect(subgraph.requests.map((r) => JSON.parse(r).query)).toEqual(['query A { a }', 'query B { b }', 'query B { b }']);
  });

  it('never sends a mutation twice', async () => {
    const subgraph = await startFlakySubgraph();
    server = subgraph.server;
    const fetcher = retryStaleConnection((url, init) => fetch(url, init));
    await post(fetcher, subgraph.url, 'query A { a }');
    await expect(post(fetcher, subgraph.url, 'mutation M { m }')).rejects.toThrow();
    expect(subgraph.requests).toHaveLength(2);
  });
});
