import { ErrorCode } from '../schema/index.ts';
import type { AuditTrail } from '../governance/Governance.ts';
import { requestConsumer, type CallerGuard } from '../governance/identity/index.ts';
import { traceHttpRequest } from '../telemetry/index.ts';
import { sendGraphQLError, sendJson, type Route, type RouteHandler } from '../server/index.ts';
import { CATALOG_EXPORT_PATH, createCatalogExportHandler, type MeshCatalog } from './catalog/index.ts';
import { unreachable, type GatewayState } from './GatewayState.ts';
import type { SubgraphState } from './SubgraphDataSource.ts';
import type { Serving } from './startServing.ts';
import type { SupergraphRejection } from './SupergraphSource.ts';
import { createDemoSignInRoutes, type DemoSignIn } from './demoSignInRoute.ts';
import { createWebAppRoute } from './webAppRoute.ts';

export interface GatewayRoutesOptions {
  /** The gateway's state, read at each request. */
  state: () => GatewayState<Pick<Serving, 'handleGraphQL'>>;
  /** Last known state of each subgraph. */
  subgraphStates: () => Record<string, SubgraphState | 'waiting'>;
  /** What subgraphs that are not `ok` say of themselves on their own `/health` (a damaged event log, say), by name. @default none */
  subgraphReports?: () => Record<string, unknown>;
  /** Why the supergraph source's latest supergraph is not served (a supergraph file that is not one, say). @default never */
  supergraphRejected?: () => SupergraphRejection | undefined;
  catalog: MeshCatalog;
  /** The gateway's GraphQL URL, which the catalog's exports link to. */
  graphqlUrl: () => string;
  /** Answers `GET /metrics` (Prometheus text). */
  serveMetrics: RouteHandler;
  /** Governed: who calls the exports (bad credentials get 401, as on `/graphql`), and the audit that records each export. @default none */
  governance?: { guard: Pick<CallerGuard, 'http'>; audit: AuditTrail };
  /** The web catalog's demo sign-in (`/auth/demo-consumers`, `/auth/demo-token`). @default off: both answer 404 saying to sign in with a token */
  demoSignIn?: DemoSignIn;
}

/**
 * The gateway's HTTP routes: `/graphql` (503 `GATEWAY_STARTING` until it
 * serves), `GET /health` (503 `starting` or `stopped`; 200 `ok` while every
 * subgraph answers and the latest supergraph is served, else 200 `degraded`
 * with what is missing or rejected),
 * `GET /catalog/<urn>`, `GET /metrics`, the demo sign-in under `/auth/`, and
 * the web catalog at `/` (last: it takes the paths no other route does).
 */
export function createGatewayRoutes({ state, subgraphStates, subgraphReports = () => ({}), supergraphRejected = () => undefined, catalog, graphqlUrl, serveMetrics, governance, demoSignIn }: GatewayRoutesOptions): Route[] {
  // A frontend that sends `traceparent` sees its request continue through the gateway into the subgraphs.
  const graphql: RouteHandler = traceHttpRequest({ name: 'gateway.http' }, (request, response, url) => {
    const current = state();
    switch (current.status) {
      case 'serving':
        return current.serving.handleGraphQL(request, response, url);
      case 'starting': {
        const waiting = Object.entries(subgraphStates()).filter(([, s]) => s === 'waiting').map(([n]) => `"${n}"`);
        response.setHeader('retry-after', '1');
        return sendGraphQLError(response, 503, ErrorCode.GATEWAY_STARTING, `The gateway is starting: waiting for subgraph(s) ${waiting.join(', ')}. Retry shortly.`);
      }
      case 'stopped':
        return sendGraphQLError(response, 503, ErrorCode.SERVICE_UNAVAILABLE, 'The gateway is shutting down. Retry on another instance, or once it is back.');
      default:
        return unreachable(current);
    }
  });
  // Degraded is still 200: the gateway serves what the subgraphs that answer give, so it must stay in its load balancer.
  const health: RouteHandler = (_request, response) => {
    const { status } = state();
    const subgraphs = subgraphStates();
    const reports = subgraphReports();
    if (status !== 'serving') return sendJson(response, 503, { status, pid: process.pid, subgraphs });
    const rejected = supergraphRejected();
    const whole = Object.values(subgraphs).every((s) => s === 'up') && Object.keys(reports).length === 0 && !rejected;
    sendJson(response, 200, { status: whole ? 'ok' : 'degraded', pid: process.pid, subgraphs, ...(Object.keys(reports).length > 0 ? { reports } : {}), ...(rejected ? { supergraph: { rejected } } : {}) });
  };
  // An export carries a descriptor and figures, never a record: anyone may read it, and the audit says who did.
  const exportDescriptors = createCatalogExportHandler(catalog, () => ({ graphqlUrl: graphqlUrl() }), (request, urn) =>
    governance?.audit.record({ at: new Date().toISOString(), consumer: requestConsumer(request)?.id ?? 'anonymous', urn, fields: [], restricted: [], decision: 'allowed', path: 'export' }),
  );
  return [
    { path: '/graphql', methods: { GET: graphql, POST: graphql } },
    { path: '/health', methods: { GET: health } },
    { path: `${CATALOG_EXPORT_PATH}*`, methods: { GET: governance ? governance.guard.http(exportDescriptors) : exportDescriptors } },
    { path: '/metrics', methods: { GET: serveMetrics } },
    ...createDemoSignInRoutes(demoSignIn),
    createWebAppRoute(),
  ];
}
