import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSubgraphClientPool } from '../../../gateway/subscriptions/createSubgraphClientPool.ts';
import { useLeftovers } from '../../support/leftovers.ts';

// The clients are lazy: a test that does not subscribe opens no socket.
const pool = () => createSubgraphClientPool({ subgraphUrl: (name) => (name === 'podcasts' ? 'http://127.0.0.1:1/graphql' : undefined), webSocketImpl: WebSocket });

describe('the pool of graphql-ws clients to subgraphs', () => {
  const leftovers = useLeftovers();

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

  it('closes without waiting for a subgraph that accepted the connection and then went silent', { timeout: 10_000 }, async () => {
    // A frozen subgraph: the kernel accepts the connection, nothing ever answers the upgrade.
    const accepted = new Set<Socket>();
    const frozen = createServer((socket) => accepted.add(socket.on('error', () => {})));
    await new Promise<void>((listening) => frozen.listen(0, '127.0.0.1', listening));
    leftovers.track({
      close: () => {
        for (const socket of accepted) socket.destroy();
        return new Promise<void>((closed) => frozen.close(() => closed()));
      },
    });
    const { port } = frozen.address() as { port: number };
    const clients = createSubgraphClientPool({ subgraphUrl: () => `http://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket });
    const lease = clients.acquire('podcasts', {});
    const ended = new Promise<unknown>((settle) => lease.client.subscribe({ query: 'subscription { plays }' }, { next: () => {}, error: settle, complete: () => settle('complete') }));
    await new Promise<void>((connected) => frozen.once('connection', () => connected()));

    const started = performance.now();
    await clients.close();
    // Not a speed target: without a bound, the close waits for an upgrade that never comes.
    expect(performance.now() - started).toBeLessThan(3_000);
    // A disposed client ends its subscriptions as complete, whatever cut the socket.
    expect(await ended).toBe('complete');
  });
});
