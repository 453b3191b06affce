import type { CallerGuard } from '../../governance/identity/index.ts';
import { requestConsumer } from '../../governance/identity/index.ts';
import { ErrorCode, PayloadTooLargeError, readBody, sendGraphQLError, sendJson, type Route, type RouteHandler } from '../../server/index.ts';
import { LifecycleError, type LifecycleErrorCode } from './LifecycleError.ts';
import { parseLifecycleRequest } from './parseLifecycleRequest.ts';
import type { LifecycleBook, LifecycleRequest, ProductLifecycle } from './ProductLifecycle.ts';

/** Where data products' statuses move: `POST` moves one, `GET` lists the lifecycles. */
export const LIFECYCLE_PATH = '/registry/lifecycle';

/** Options of `createLifecycleRoutes`. */
export interface LifecycleRoutesOptions {
  lifecycle: LifecycleBook;
  /** Authenticates callers (bad credentials get 401); without one every caller is anonymous, and may not move a status. @default none */
  guard?: Pick<CallerGuard, 'http'>;
  /** Largest move accepted. @default 65_536 */
  maxBodyBytes?: number;
}

/** A lifecycle as the API shows it: without the descriptor it keeps for the catalog (`GET /catalog/<urn>` has it). */
const shown = ({ descriptor: _descriptor, ...lifecycle }: ProductLifecycle) => lifecycle;

const STATUS: Record<LifecycleErrorCode, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, UNKNOWN_DATA_PRODUCT: 404 };

/**
 * The lifecycle's HTTP API on the gateway, for `meshgraph lifecycle` and a
 * team's CI: `POST /registry/lifecycle` with `{ urn, to, reason, successor?,
 * sunset? }` and the domain owner's credentials answers 200 `{ lifecycle }`
 * once this replica holds the move, 400 (a move the rules refuse), 401, 403
 * or 404 (no such data product) with `errors[].extensions.code`;
 * `GET /registry/lifecycle` lists every product's lifecycle
 * (`?urn=…`: that product's, if it ever moved).
 */
export function createLifecycleRoutes({ lifecycle, guard, maxBodyBytes = 65_536 }: LifecycleRoutesOptions): Route[] {
  const move: RouteHandler = async (request, response) => {
    try {
      let move: LifecycleRequest;
      try {
        move = parseLifecycleRequest(JSON.parse(await readBody(request, maxBodyBytes)));
      } catch (error) {
        if (error instanceof SyntaxError) throw new LifecycleError(ErrorCode.BAD_USER_INPUT, 'The body must be JSON: { "urn", "to", "reason", "successor"?, "sunset"? }.');
        throw error;
      }
      sendJson(response, 200, { lifecycle: shown(await lifecycle.move(requestConsumer(request), move)) });
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return sendGraphQLError(response, 413, ErrorCode.PAYLOAD_TOO_LARGE, error.message);
      if (!(error instanceof LifecycleError)) throw error;
      if (error.code === ErrorCode.UNAUTHENTICATED) response.setHeader('www-authenticate', 'Bearer');
      sendGraphQLError(response, STATUS[error.code], error.code, error.message);
    }
  };
  const list: RouteHandler = (request, response) => {
    const urn = new URL(request.url ?? '/', 'http://registry').searchParams.get('urn');
    const found = urn ? [lifecycle.get(urn)].filter((l) => l !== undefined) : lifecycle.list();
    sendJson(response, 200, { lifecycles: found.map(shown) });
  };
  const guarded = (handler: RouteHandler) => (guard ? guard.http(handler) : handler);
  return [{ path: LIFECYCLE_PATH, methods: { POST: guarded(move), GET: guarded(list) } }];
}
