import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import { renderLaboratory } from '@graphql-hive/render-laboratory';
// A dependency of @graphql-hive/gateway: the CLI turns the upgrade request into a fetch Request with it.
import { normalizeNodeRequest } from '@whatwg-node/server';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { createGateway, createMeshCatalog, type GatewayOptions } from '../../gateway/index.ts';
import { catalogProducts } from '../../governance/agreements/index.ts';
import { createGovernance } from '../../governance/createGovernance.ts';
import { createLogger, type Logger } from '../../logger/index.ts';
import { createFieldUsageRecorder } from '../../registry/usage/index.ts';

/**
 * One gateway under test, in its own process: `meshgraph`,
 * `meshgraph-governed` (meshgraph with governance as the command line runs
 * it: the mesh policy, callers' tokens, agreements and the audit on the
 * embedded log of `MESHGRAPH_DATA_DIR`, which holds the domains' keys too,
 * and the usage recorder, unless `BENCH_FIELD_USAGE=0`),
 * `apollo` (plain `@apollo/gateway` + Apollo Server standalone) or `hive`
 * (`@graphql-hive/gateway`), all on the same supergraph file. meshgraph and
 * hive also serve graphql-ws on their /graphql.
 */
const [kind, supergraphFile] = process.argv.slice(2);
const supergraphSdl = readFileSync(supergraphFile!, 'utf8');
const ready = (url: string) => process.send?.({ type: 'ready', url });
// The gateway's token to the domains, whose ports answer only a gateway (and their owners); none for subgraphs that ask for none.
const authorization = process.env['BENCH_AUTHORIZATION'] ?? '';
// Hive's runtime handles SIGTERM itself and keeps serving; the benchmark wants the process gone.
process.on('SIGTERM', () => process.exit(0));

type Endpoints = NonNullable<GatewayOptions['subgraphs']>;
/** Starts meshgraph on the domains of `BENCH_SUBGRAPHS`, with the options `optionsFor` gives, and reports its URL. */
const startMeshgraph = async (optionsFor: (subgraphs: Endpoints, logger: Logger) => Promise<Partial<GatewayOptions>>) => {
  const subgraphs = JSON.parse(process.env['BENCH_SUBGRAPHS']!) as Endpoints;
  const logger = createLogger({ component: 'gateway', level: process.env['BENCH_GATEWAY_LOG_LEVEL'] === 'error' ? 'error' : 'warn' });
  // BENCH_MAX_COST: a query whose estimate passes the default limit (the federation benchmark's heavy query) is measured, not refused.
  const maxCost = process.env['BENCH_MAX_COST'] ? { maxCost: Number(process.env['BENCH_MAX_COST']) } : {};
  // BENCH_INBOUND_DEDUPE=0|1: identical queries in flight share one execution or not (unset: meshgraph's default, on).
  const inbound = process.env['BENCH_INBOUND_DEDUPE'];
  const inboundDedupe = inbound === undefined ? {} : { inboundDedupe: inbound === '1' };
  const gateway = await createGateway({ subgraphs, dedupeInflight: process.env['BENCH_DEDUPE'] !== '0', logger, ...maxCost, ...inboundDedupe, ...(await optionsFor(subgraphs, logger)) });
  await gateway.ready;
  ready(gateway.url);
};

switch (kind) {
  case 'meshgraph': {
    await startMeshgraph(async () => (authorization ? { credential: { authorization: async () => authorization } } : {}));
    break;
  }
  case 'meshgraph-governed': {
    await startMeshgraph(async (subgraphs, logger) => {
      // As meshgraph gateway opens it: the governance topics are shared-append, so the domains' processes on this folder are no obstacle.
      const log = await createEmbeddedLog({ dataDir: process.env['MESHGRAPH_DATA_DIR']!, principal: 'governance', logger });
      const catalog = createMeshCatalog({ subgraphs, subgraphSdls: () => [], logger });
      const governance = await createGovernance({ env: process.env, log, products: catalogProducts(catalog), logger });
      // As the command line does, usage is recorded for breaking-change checks; BENCH_FIELD_USAGE=0 measures without.
      const fieldUsage = process.env['BENCH_FIELD_USAGE'] === '0' ? undefined : createFieldUsageRecorder({ log, logger });
      // Not a rate-limit benchmark: the policy's per-consumer budgets would refuse the load long before it measures anything.
      return { governance, credential: governance.credential, rateLimits: false, ...(fieldUsage ? { fieldUsage } : {}) };
    });
    break;
  }
  case 'apollo': {
    const buildService = ({ url }: { url?: string }) =>
      new (class extends RemoteGraphQLDataSource {
        override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
          if (authorization) request.http?.headers.set('authorization', authorization);
        }
      })({ url });
    const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl, buildService }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    ready(new URL('/graphql', url).toString());
    break;
  }
  case 'hive': {
    const runtime = createGatewayRuntime({
      supergraph: supergraphSdl,
      logging: false,
      // Its IDE as the Hive Gateway CLI serves it (bundled in the page); the runtime's own default loads GraphiQL from a CDN.
      renderGraphiQL: renderLaboratory,
      // Errors unmasked, so that one under load says what failed (masking changes nothing else).
      maskedErrors: false,
      // BENCH_INBOUND_DEDUPE=1: identical queries in flight share one execution (off by default, as in Hive Gateway).
      inboundInflightRequestDeduplication: process.env['BENCH_INBOUND_DEDUPE'] === '1',
      // Subscriptions go to the subgraphs over graphql-ws on their own URL (one socket per subgraph, multiplexed); queries stay on HTTP.
      transportEntries: { '*.http': { headers: [['authorization', authorization]], options: { subscriptions: { kind: 'ws', options: { connectionParams: { authorization } } } } } },
    });
    // As the CLI does before it listens: the schema is otherwise loaded by the first HTTP request, and a WebSocket one finds none.
    await runtime.getSchema();
    const server = createServer(runtime);
    // Clients' graphql-ws, wired as the Hive Gateway CLI does (@graphql-hive/gateway, `startNodeHttpServer`).
    useServer(
      getGraphQLWSOptions<Record<string, unknown>, Extra>(runtime, (ctx) => ({
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        request: normalizeNodeRequest(ctx.extra.request, runtime.fetchAPI),
      })),
      new WebSocketServer({ path: runtime.graphqlEndpoint, server }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    break;
  }
  default:
    throw new Error(`Unknown gateway kind "${kind}"; expected meshgraph, meshgraph-governed, apollo or hive.`);
}
