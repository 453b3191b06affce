import { request } from 'node:http';
import WebSocket from 'ws';

/** What a gateway did with one bad input. */
export type BadInputOutcome =
  /** Refused: an HTTP 4xx/5xx or a GraphQL error, a WebSocket closed or rejected. */
  | 'refused'
  /** Served as if it were fine. */
  | 'accepted'
  /** No answer within the time allowed. */
  | 'timeout';

/** One input an attacker or a careless client sends, and how to send it. */
export interface BadInput {
  name: string;
  send(url: string, timeoutMs: number): Promise<BadInputOutcome>;
}

/** Each fragment spreads the next one twice: 2^depth fields once expanded, from about 1.2 KB of text. */
export function fragmentChain(depth: number): string {
  const fragments = Array.from({ length: depth }, (_, i) =>
    i === depth - 1 ? `fragment F${i} on Query { __typename podcasts(first: 1) { totalCount } }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
  );
  return `query Chain { ...F0 }\n${fragments.join('\n')}`;
}

/** Five nested `episodes(first: 500)`: 309 bytes asking for 500^5 episodes. */
export const NESTED_EPISODES =
  '{ episodes(first: 500) { edges { node { podcast { episodes(first: 500) { edges { node { podcast { episodes(first: 500) { edges { node { podcast { episodes(first: 500) { edges { node { podcast { episodes(first: 500) { edges { node { id title } } } } } } } } } } } } } } } } } } } }';

/** The same filtered page a thousand times under aliases. */
export const THOUSAND_ALIASES = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: plays(country: "GB", first: 1) { edges { node { id } } }`).join(' ')} }`;

/** POSTs `body` and classifies the answer. */
function post(url: string, body: string | Buffer, timeoutMs: number): Promise<BadInputOutcome> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 400) return resolve('refused');
        try {
          const json = JSON.parse(Buffer.concat(chunks).toString()) as { errors?: unknown[] };
          resolve(json.errors?.length ? 'refused' : 'accepted');
        } catch {
          resolve('refused');
        }
      });
    });
    req.on('timeout', () => {
      req.destroy();
      resolve('timeout');
    });
    req.on('error', () => resolve('refused'));
    req.end(body);
  });
}

const graphql = (query: string) => JSON.stringify({ query });

/** Opens a WebSocket (graphql-transport-ws), optionally from `origin`, and sends `message` after connection_init: accepted when the server acks (and, with a message, answers a ping after it), refused when it closes or rejects, else unanswered. */
function webSocket(url: string, timeoutMs: number, options: { origin?: string; message?: Buffer }): Promise<BadInputOutcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { origin: options.origin, maxPayload: 1024 * 1024 });
    const done = (outcome: BadInputOutcome) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.on('unexpected-response', () => done('refused'));
    socket.on('error', () => done('refused'));
    socket.on('close', () => done('refused'));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data) => {
      const type = (JSON.parse(String(data)) as { type?: string }).type;
      if (type !== 'connection_ack') return;
      if (!options.message) return done('accepted');
      // The server had the whole message and did not close the socket: accepted. A ping tells when it has.
      socket.send(options.message, () => socket.send(JSON.stringify({ type: 'ping' })));
      socket.on('message', (next) => (JSON.parse(String(next)) as { type?: string }).type === 'pong' && done('accepted'));
    });
  });
}

/** A body sent one byte a second: a gateway should give up on it long before `timeoutMs`. */
function slowBody(url: string, timeoutMs: number): Promise<BadInputOutcome> {
  return new Promise((resolve) => {
    const body = graphql('{ __typename }');
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      res.resume();
      finish((res.statusCode ?? 500) >= 400 ? 'refused' : 'accepted');
    });
    let sent = 0;
    const drip = setInterval(() => (sent < body.length - 1 ? req.write(body[sent++]!) : undefined), 1000);
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const finish = (outcome: BadInputOutcome) => {
      clearInterval(drip);
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    req.on('error', () => finish('refused'));
    req.flushHeaders();
  });
}

/** The inputs of issue reports against gateways: each should be refused quickly, and none should slow anyone else down. */
export const BAD_INPUTS: readonly BadInput[] = [
  { name: 'fragment chain (30 levels, each spreading the next twice)', send: (url, t) => post(url, graphql(fragmentChain(30)), t) },
  { name: '5 nested episodes(first: 500), 309 bytes', send: (url, t) => post(url, graphql(NESTED_EPISODES), t) },
  { name: '1,000 aliases of plays(country: "GB", first: 1)', send: (url, t) => post(url, graphql(THOUSAND_ALIASES), t) },
  { name: '4 MB request body', send: (url, t) => post(url, graphql(`{ __typename ${' '.repeat(4 * 1024 * 1024)} }`), t) },
  { name: 'malformed JSON', send: (url, t) => post(url, '{"query": "{ __typename', t) },
  { name: 'WebSocket upgrade from a foreign Origin', send: (url, t) => webSocket(url, t, { origin: 'https://evil.example' }) },
  { name: '90 MB WebSocket message', send: (url, t) => webSocket(url, t, { message: Buffer.alloc(90 * 1024 * 1024, 0x20) }) },
  { name: 'request body one byte a second', send: (url, t) => slowBody(url, t) },
];
