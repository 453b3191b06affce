import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from '../../gateway/httpFetch.ts';
import { headerOf, headersOf, SubgraphAnswer } from '../../gateway/SubgraphAnswer.ts';

/** A server that echoes what it got, holds `/hold` until told, and answers 400 on `/refuse`. */
let server: Server;
let base: string;
const held: (() => void)[] = [];
let arrived: () => void = () => {};

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = () => {
        response.writeHead(request.url === '/refuse' ? 400 : 200, { 'content-type': 'application/json', 'x-seen': String(request.headers['x-caller']), 'X-Twice': ['one', 'two'] });
        response.end(JSON.stringify({ method: request.method, body: Buffer.concat(chunks).toString('utf8'), length: request.headers['content-length'] }));
      };
      if (request.url === '/hold') {
        held.push(answer);
        arrived();
      } else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('httpFetch, the gateway client to its subgraphs', () => {
  it('sends the body with its length and headers, and answers status, headers and the body as sent', async () => {
    const body = JSON.stringify({ query: '{ plays { title } }', note: 'é€' });
    const response = await httpFetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-caller': 'charts-web' }, body });
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-seen')).toBe('charts-web');
    expect(await response.json()).toEqual({ method: 'POST', body, length: String(Buffer.byteLength(body)) });
  });

  it("reads a header as fetch's Headers do, with and without building them: any case, several values joined", async () => {
    const body = new TextEncoder().encode(JSON.stringify({ query: '{ plays { title } }' }));
    const response = await httpFetch(`${base}/graphql`, { method: 'POST', headers: { 'x-caller': 'charts-web' }, body });
    expect(['x-twice', 'X-TWICE', 'content-type', 'x-missing'].map((name) => headerOf(response, name))).toEqual(['one, two', 'one, two', 'application/json', null]);
    expect(['x-twice', 'X-TWICE', 'content-type', 'x-missing'].map((name) => response.headers.get(name))).toEqual(['one, two', 'one, two', 'application/json', null]);
    // An answer built on another's headers (a shared fetch, a request error read) reads the same.
    expect(headerOf(new SubgraphAnswer(200, 'OK', headersOf(response), new Uint8Array()).asResponse(), 'X-Twice')).toBe('one, two');
    expect(await response.json()).toMatchObject({ length: String(body.byteLength) });
  });

  it('answers a refusal as a response, not a failure', async () => {
    const response = await httpFetch(`${base}/refuse`, { method: 'POST', body: '{}' });
    expect([response.ok, response.status]).toEqual([false, 400]);
    expect(JSON.parse(await response.text())).toMatchObject({ method: 'POST' });
  });

  it('fails as fetch does when nothing listens: a TypeError whose cause is the socket error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await httpFetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', body: '{}' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('rejects with the signal’s reason once it aborts, and the server sees the request go', async () => {
    const abort = new AbortController();
    const gotThere = new Promise<void>((resolve) => (arrived = resolve));
    const pending = httpFetch(`${base}/hold`, { method: 'POST', body: '{}', signal: abort.signal });
    await gotThere;
    const reason = new Error('the caller gave up');
    abort.abort(reason);
    await expect(pending).rejects.toBe(reason);
    held.shift()?.();
  });
});
