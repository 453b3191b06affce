import type { Consumer } from '../governance/Consumer.ts';
import { didYouMean } from '../schema/index.ts';
import { PayloadTooLargeError, readBody, sendJson, type Route, type RouteHandler } from '../server/index.ts';

/** Lists the consumers one may sign in as. */
export const DEMO_CONSUMERS_PATH = '/auth/demo-consumers';
/** Signs a token for one of them. */
export const DEMO_TOKEN_PATH = '/auth/demo-token';

/** A consumer one may sign in as, and who it is in a line a newcomer understands. */
export interface DemoConsumer {
  consumer: Consumer;
  description: string;
}

/** Demo sign-in, when the gateway offers it (`readDemoSignIn`). */
export interface DemoSignIn {
  /** Whom one may sign in as, in the order the picker shows them. */
  consumers: readonly DemoConsumer[];
  /** Signs a token for one of them, as `meshgraph token` does; `expiresAt` in epoch milliseconds. */
  issue(consumer: Consumer): Promise<{ token: string; expiresAt: number }>;
}

/** Largest `POST /auth/demo-token` body: `{ "consumer": "…" }` is a few dozen bytes. */
const MAX_BODY_BYTES = 4_096;

/** What a caller told to take a token is told, when demo sign-in is off. */
const OFF =
  'Demo sign-in is off on this gateway: sign in with a bearer token of this mesh ("Authorization: Bearer <token>", from your identity provider). An operator turns demo sign-in on with MESHGRAPH_DEMO_SIGN_IN=on.';

/** A request body that is not `{ "consumer": "<id>" }`. */
class BadRequest extends Error {
  override name = 'BadRequest';
}

/**
 * The web catalog's demo sign-in, for the demo mesh and staging demos:
 * `GET /auth/demo-consumers` answers `{ consumers: [{ id, kind, team, owns,
 * scopes, regions, description }] }`; `POST /auth/demo-token` with
 * `{ "consumer": "analyst" }` answers `{ token, consumer, expiresAt }` (epoch
 * milliseconds: the web catalog's session as it is kept), 400 for a body that
 * is not that or an unknown consumer (naming the known ones). Without
 * `signIn` both answer 404 saying to sign in with a token; other methods 405.
 * Nothing authenticates the caller: whoever reaches the gateway may sign in.
 */
export function createDemoSignInRoutes(signIn: DemoSignIn | undefined): Route[] {
  const off: RouteHandler = (_request, response) => sendJson(response, 404, { error: OFF });
  if (!signIn) return [{ path: DEMO_CONSUMERS_PATH, methods: { GET: off } }, { path: DEMO_TOKEN_PATH, methods: { POST: off } }];
  const byId = new Map(signIn.consumers.map((entry) => [entry.consumer.id, entry.consumer]));
  const list: RouteHandler = (_request, response) => sendJson(response, 200, { consumers: signIn.consumers.map(shown) });
  const token: RouteHandler = async (request, response) => {
    let id: string;
    try {
      id = parseTokenRequest(await readBody(request, MAX_BODY_BYTES));
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return sendJson(response, 413, { error: error.message });
      if (error instanceof BadRequest) return sendJson(response, 400, { error: error.message });
      throw error;
    }
    const consumer = byId.get(id);
    if (!consumer) return sendJson(response, 400, { error: `Unknown consumer "${id}".${didYouMean(id, byId.keys())} The demo consumers: ${[...byId.keys()].join(', ')}.` });
    const issued = await signIn.issue(consumer);
    response.setHeader('cache-control', 'no-store');
    sendJson(response, 200, { token: issued.token, consumer: consumer.id, expiresAt: issued.expiresAt });
  };
  return [
    { path: DEMO_CONSUMERS_PATH, methods: { GET: list } },
    { path: DEMO_TOKEN_PATH, methods: { POST: token } },
  ];
}

/** A demo consumer as `GET /auth/demo-consumers` shows it. */
function shown({ consumer, description }: DemoConsumer) {
  const { id, kind, team, owns, scopes, regions } = consumer;
  return { id, kind, team: team ?? null, owns, scopes, regions, description };
}

/** The consumer id of a `POST /auth/demo-token` body. */
function parseTokenRequest(text: string): string {
  const expected = 'The body must be JSON naming a demo consumer: { "consumer": "analyst" }.';
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest(`${expected} It is not JSON.`);
  }
  const consumer = typeof body === 'object' && body !== null ? (body as { consumer?: unknown }).consumer : undefined;
  if (typeof consumer !== 'string' || consumer.trim() === '') throw new BadRequest(`${expected} It has no "consumer" string.`);
  return consumer.trim();
}
