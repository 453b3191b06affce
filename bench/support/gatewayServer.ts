import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
// A dependency of @graphql-hive/gateway: the CLI turns the upgrade request into a fetch Request with it.
import { normalizeNodeRequest } from '@whatwg-node/server';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createGateway } from '../../gateway/index.ts';
import { createLogger } from '../../logger/index.ts';

/**
 * One gateway under test, in its own process: `meshgraph`, `apollo` (plain
 * `@apollo/gateway` + Apollo Server standalone) or `hive`
 * (`@graphql-hive/gateway`), all on the same supergraph file. meshgraph and
 * hive also serve graphql-ws on their /graphql.
 */
const [kind, supergraphFile] = process.argv.slice(2);
const supergraphSdl = readFileSync(supergraphFile!, 'utf8');
const ready = (url: string) => process.send?.({ type: 'ready', url });
// The gateway's token to the domains, whose ports answer only a gateway (and their owners).
const authorization = process.env['BENCH_AUTHORIZATION'] ?? '';
// Hive's runtime handles SIGTERM itself and keeps serving; the benchmark wants the process gone.
process.on('SIGTERM', () => process.exit(0));

switch (kind) {
  case 'meshgraph': {
    const subgraphs = JSON.parse(process.env['BENCH_SUBGRAPHS']!) as { name: string; url: string }[];
    const gateway = await createGateway({ subgraphs, credential: { authorization: async () => authorization }, dedupeInflight: process.env['BENCH_DEDUPE'] !== '0', logger: createLogger({ component: 'gateway', level: process.env['BENCH_GATEWAY_LOG_LEVEL'] === 'error' ? 'error' : 'warn' }) });
    await gateway.ready;
    ready(gateway.url);
    break;
  }
  case 'apollo': {
    const buildService = ({ url }: { url?: string }) =>
      new (class extends RemoteGraphQLDataSource {
        override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
          request.http?.headers.set('authorization', authorization);
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
      // Errors unmasked, so that one under load says what failed (masking changes nothing else).
      maskedErrors: false,
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
    throw new Error(`Unknown gateway kind "${kind}"; expected meshgraph, apollo or hive.`);
}
