import { requestConsumer } from '../governance/identity/index.ts';
import { ErrorCode, sendGraphQLError, sendJson, type RouteHandler } from '../server/index.ts';
import { mayPublish, type MeshRegistry } from './createMeshRegistry.ts';
import type { UsageReader } from './usage/createUsageReader.ts';
import { usesOfSubgraph } from './usage/usesOfSubgraph.ts';

/** Where a domain reads the recorded use of its subgraph: `GET /registry/usage?subgraph=<name>`. */
export const USAGE_PATH = '/registry/usage';

/**
 * `GET /registry/usage?subgraph=<name>`: the use recorded in the window of
 * what a change of that subgraph can break (its fields and arguments, and
 * the coordinates of its enums, unions and input types; `usesOfSubgraph`),
 * per consumer and coordinate: operations, count, last use. What `meshgraph
 * check --gateway` weighs a domain's changes against, as publishing does.
 * Who may publish the subgraph may read it (its owners, its service
 * identity, governance): 401 without credentials, 403 for anyone else, 400
 * without `subgraph`, 404 when the registry has no publication of it.
 */
export function usageRoute(registry: Pick<MeshRegistry, 'list'>, reader: UsageReader): RouteHandler {
  return async (request, response) => {
    const name = new URL(request.url ?? '/', 'http://registry').searchParams.get('subgraph');
    if (!name) return sendGraphQLError(response, 400, ErrorCode.BAD_USER_INPUT, `Name the subgraph whose use you want: ${USAGE_PATH}?subgraph=<name>.`);
    const caller = requestConsumer(request);
    if (!caller) {
      response.setHeader('www-authenticate', 'Bearer');
      return sendGraphQLError(response, 401, ErrorCode.UNAUTHENTICATED, `Reading the use of subgraph "${name}" needs its domain's credentials: send "Authorization: Bearer <token>" (MESHGRAPH_TOKEN for meshgraph check; npx meshgraph token ${name} prints one in development).`);
    }
    if (!mayPublish(caller, name)) {
      return sendGraphQLError(response, 403, ErrorCode.FORBIDDEN, `"${caller.id}" may not read the use of subgraph "${name}": who may publish it may (its owners, its service identity, governance).`);
    }
    const published = registry.list();
    const subgraph = published.find((s) => s.name === name);
    if (!subgraph) return sendGraphQLError(response, 404, ErrorCode.NOT_FOUND, `The registry has no publication of subgraph "${name}": a first publication breaks no one.`);
    const uses = usesOfSubgraph(await reader.usage(), subgraph.sdl, published.filter((s) => s !== subgraph).map((s) => s.sdl));
    uses.sort((a, b) => a.coordinate.localeCompare(b.coordinate) || b.lastSeenAt.localeCompare(a.lastSeenAt));
    sendJson(response, 200, { subgraph: name, windowDays: reader.windowDays, uses });
  };
}
