import type { CallerGuard } from '../governance/identity/index.ts';
import { requestConsumer } from '../governance/identity/index.ts';
import { ErrorCode, PayloadTooLargeError, readBody, sendGraphQLError, sendJson, type Route, type RouteHandler } from '../server/index.ts';
import type { MeshRegistry } from './createMeshRegistry.ts';
import { PublishForbiddenError } from './createMeshRegistry.ts';
import { parsePublication, PublicationError, type Publication } from './Publication.ts';
import type { UsageReader } from './usage/createUsageReader.ts';
import { USAGE_PATH, usageRoute } from './usageRoute.ts';

/** Where the registry's publications go: `POST` publishes, `GET` lists. */
export const REGISTRY_PATH = '/registry/subgraphs';

/** Options of `createRegistryRoutes`. */
export interface RegistryRoutesOptions {
  registry: MeshRegistry;
  /** Authenticates callers (bad credentials get 401); without one every caller is anonymous, and may not publish. @default none */
  guard?: Pick<CallerGuard, 'http'>;
  /** Largest publication accepted (its SDL and descriptors). @default 4_194_304 */
  maxBodyBytes?: number;
  /** The recorded use publications are weighed against: serves `GET /registry/usage?subgraph=<name>` (`usageRoute`). @default none: no usage route */
  usage?: UsageReader;
}

/**
 * The registry's HTTP API on the gateway, for `meshgraph publish` and a
 * team's CI: `POST /registry/subgraphs` with a publication (`{ name, url,
 * sdl, descriptors, version }`, JSON; or an array of them that only compose
 * together) and the domain's credentials answers 200 `{ published: true,
 * reports, subgraphs }` once this replica serves it, 422
 * `PUBLICATION_REFUSED` with the reports when a check refuses it, 400, 401
 * or 403 otherwise; `GET /registry/subgraphs` lists the publications (no SDL;
 * with `?include=sdl`, whole: SDL and descriptors); with `usage`,
 * `GET /registry/usage?subgraph=<name>` (`usageRoute`).
 * It answers while the gateway is starting too: the first publications are
 * what a registry-backed gateway waits for.
 */
export function createRegistryRoutes({ registry, guard, maxBodyBytes = 4_194_304, usage }: RegistryRoutesOptions): Route[] {
  const publish: RouteHandler = async (request, response) => {
    let publications: Publication[];
    try {
      const body = await readBody(request, maxBodyBytes);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new PublicationError('The body must be a JSON publication: { "name", "url", "sdl", "descriptors", "version" }.');
      }
      // One publication, or several that only compose together (domains that refer to each other, at a mesh's start).
      publications = Array.isArray(parsed) ? parsed.map(parsePublication) : [parsePublication(parsed)];
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return sendGraphQLError(response, 413, ErrorCode.PAYLOAD_TOO_LARGE, error.message);
      if (error instanceof PublicationError) return sendGraphQLError(response, 400, error.code, error.message);
      throw error;
    }
    try {
      const result = await registry.publish(requestConsumer(request), publications);
      if (result.published) return sendJson(response, 200, result);
      const errors = result.reports.flatMap((report) => report.problems).filter((p) => p.severity === 'error').length;
      const names = publications.map((p) => `"${p.name}"`).join(', ');
      sendJson(response, 422, { ...result, errors: [{ message: `Not published: the checks found ${errors} error(s) in subgraph(s) ${names}; the mesh serves what it served before.`, extensions: { code: ErrorCode.PUBLICATION_REFUSED } }] });
    } catch (error) {
      if (error instanceof PublicationError) return sendGraphQLError(response, 400, error.code, error.message);
      if (!(error instanceof PublishForbiddenError)) throw error;
      if (error.code === ErrorCode.UNAUTHENTICATED) response.setHeader('www-authenticate', 'Bearer');
      sendGraphQLError(response, error.code === ErrorCode.UNAUTHENTICATED ? 401 : 403, error.code, error.message);
    }
  };
  // `?include=sdl`: whole publications (SDL and descriptors), what `meshgraph check --gateway` checks a domain against.
  const list: RouteHandler = (request, response) =>
    new URL(request.url ?? '/', 'http://registry').searchParams.get('include') === 'sdl'
      ? sendJson(response, 200, { subgraphs: registry.list() })
      : sendJson(response, 200, { subgraphs: registry.list().map(({ sdl: _sdl, descriptors, ...subgraph }) => ({ ...subgraph, dataProducts: descriptors.map((d) => d.urn) })) });
  const guarded = (handler: RouteHandler) => (guard ? guard.http(handler) : handler);
  return [{ path: REGISTRY_PATH, methods: { POST: guarded(publish), GET: guarded(list) } }, ...(usage ? [{ path: USAGE_PATH, methods: { GET: guarded(usageRoute(registry, usage)) } }] : [])];
}
