import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSubgraphClientPool } from '../../../gateway/subscriptions/createSubgraphClientPool.ts';

// The clients are lazy: none of these tests opens a socket.
const pool = () => createSubgraphClientPool({ subgraphUrl: (name) => (name === 'podcasts' ? 'http://127.0.0.1:1/graphql' : undefined), webSocketImpl: WebSocket });

describe('the pool of graphql-ws clients to subgraphs', () => {
  it('gives upstreams of the same subgraph, consumer and client name one client; another client name gets its own', async () => {
    const clients = pool();
    const a = clients.acquire('podcasts', { clientName: 'charts-web', consumer: { id: 'analyst' } });
    const b = clients.acquire('podcasts', { clientName: 'charts-web', consumer: { id: 'analyst' } });
    const c = clients.acquire('podcasts', { clientName: 'analyst', consumer: { id: 'analyst' } });
    expect(b.client).toBe(a.client);
    expect(c.client).not.toBe(a.client);
    expect(clients.size).toBe(2);
    await clients.close();
    expect(clients.size).toBe(0);
  });

  it('drops a client when its last upstream releases it, so client names do not accumulate clients', async () => {
    const clients = pool();
    const a = clients.acquire('podcasts', { clientName: 'charts-web' });
    const b = clients.acquire('podcasts', { clientName: 'charts-web' });
    a.release();
    a.release();
    expect(clients.size).toBe(1);
    b.release();
    expect(clients.size).toBe(0);
    expect(clients.acquire('podcasts', { clientName: 'charts-web' }).client).not.toBe(a.client);
    await clients.close();
  });

  it('names a subgraph it has no URL for', () => {
    expect(() => pool().acquire('nowhere', {})).toThrow('No URL for subgraph "nowhere".');
  });
});
