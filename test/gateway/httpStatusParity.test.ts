import { request } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeMeshSupergraph, composeSupergraph, createGateway, fetchSubgraphSdl, readSupergraph } from '../../gateway/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startSubgraphs } from '../support/mesh.ts';

/*
 * meshgraph is a drop-in for @apollo/gateway: a request GraphQL refuses before
 * running it gets the HTTP status and error code plain @apollo/gateway + Apollo
 * Server give it, whatever the client accepts. GraphQL-over-HTTP advises 200
 * for such errors in `application/json`; Apollo answers 400, and so does
 * meshgraph. Both serve the same supergraph; none of these requests reaches a
 * subgraph.
 */

/** A request body sent as it is (a string), or as JSON. */
type BadRequest = { name: string; body: string | { query?: unknown; variables?: unknown; operationName?: string } };

const BAD_REQUESTS: readonly BadRequest[] = [
  // The request itself.
  // Apollo's standalone server (express's body parser) answers an HTML page: only the status is compared.
  { name: 'malformed JSON', body: '{"query": "{ __typename' },
  { name: 'no query', body: { variables: {} } },
  { name: 'a query that is not a string', body: { query: 42 } },
  { name: 'variables that are not an object', body: { query: '{ __typename }', variables: '[]' } },
  // Parsing.
  { name: 'a syntax error', body: { query: '{ artist(id: "a-1") { name ' } },
  { name: 'an empty document', body: { query: '' } },
  // Validation.
  { name: 'an unknown field', body: { query: '{ nope }' } },
  { name: 'an unknown field, with a suggestion', body: { query: '{ artists { totalCont } }' } },
  { name: 'a missing required argument', body: { query: '{ artist { name } }' } },
  { name: 'an unknown argument', body: { query: '{ artist(id: 1, nope: 2) { name } }' } },
  { name: 'an argument literal of the wrong type', body: { query: '{ artists(first: "ten") { totalCount } }' } },
  { name: 'an unknown enum value in an input object', body: { query: '{ artists(orderBy: { field: NOPE }) { totalCount } }' } },
  { name: 'a variable of the wrong type for its position', body: { query: 'query($x: Int) { artist(id: $x) { name } }', variables: {} } },
  { name: 'an undefined variable', body: { query: '{ artist(id: $undefined) { name } }' } },
  { name: 'an unused variable', body: { query: 'query($unused: Int) { __typename }' } },
  { name: 'an unknown fragment', body: { query: '{ artist(id: "a-1") { name } ...Missing }' } },
  { name: 'a fragment cycle', body: { query: 'query { artist(id: "a-1") { ...F } } fragment F on Artist { ...G } fragment G on Artist { ...F }' } },
  { name: 'two operations of one name', body: { query: 'query A { __typename } query A { __typename }', operationName: 'A' } },
  { name: 'an anonymous operation beside another', body: { query: '{ __typename } query B { __typename }' } },
  { name: 'an argument on a field that takes none', body: { query: '{ artist(id: "a-1") { name(x: 1) } }' } },
  { name: 'an object without a selection', body: { query: '{ artist(id: "a-1") }' } },
  { name: 'a selection on a leaf', body: { query: '{ artist(id: "a-1") { name { x } } }' } },
  { name: 'two fields under one alias', body: { query: '{ artist(id: "a-1") { a: name a: country } }' } },
  { name: 'a directive without its required argument', body: { query: '{ artist(id: "a-1") { name @skip } }' } },
  { name: 'an unknown directive', body: { query: '{ artist(id: "a-1") { name @nope } }' } },
  { name: 'a subscription on __typename', body: { query: 'subscription { __typename }' } },
  // Variables.
  { name: 'a variable value of the wrong type', body: { query: 'query($f: Int) { artists(first: $f) { totalCount } }', variables: { f: 'x' } } },
  { name: 'a required variable not given', body: { query: 'query($f: Int!) { artists(first: $f) { totalCount } }', variables: {} } },
  { name: 'null for a required variable', body: { query: 'query($id: ID!) { artist(id: $id) { name } }', variables: { id: null } } },
  { name: 'an unknown enum value in a variable', body: { query: 'query($o: ArtistOrder) { artists(orderBy: $o) { totalCount } }', variables: { o: { field: 'NOPE' } } } },
  { name: 'an unknown input field in a variable', body: { query: 'query($o: ArtistOrder) { artists(orderBy: $o) { totalCount } }', variables: { o: { nope: 1 } } } },
  // Choosing the operation.
  { name: 'an operation name the document does not define', body: { query: 'query A { __typename }', operationName: 'B' } },
  { name: 'two operations and no operation name', body: { query: 'query A { __typename } query B { __typename }' } },
  { name: 'an unknown mutation field', body: { query: 'mutation { nope }' } },
];

/**
 * Where @apollo/gateway answers a client's mistake with 500 `INVALID_GRAPHQL`,
 * a server error, meshgraph answers 400 `OPERATION_RESOLUTION_FAILURE`, as
 * Apollo Server answers it for a subgraph (operationResolutionPlugin): by the
 * request's name, with why.
 */
const APOLLO_500S: Readonly<Record<string, string>> = {
  'an operation name the document does not define': "Apollo's planner, not Apollo Server, finds the operation missing, and fails.",
  'two operations and no operation name': "likewise: Apollo's planner finds no operation to plan.",
};

/**
 * The supergraphs both serve: the mesh's, whose catalog has mutations, and
 * the four domains' alone (a supergraph file as `rover` composes it), which has
 * no Mutation type. On the latter a mutation passes graphql-js 16's validation
 * (it has no rule for a missing root type) and both gateways fail on it with
 * 500 `INVALID_GRAPHQL`: meshgraph too, for now.
 */
const SUPERGRAPHS = [
  { name: 'the mesh', compose: composeMeshSupergraph },
  { name: 'the four domains', compose: composeSupergraph },
] as const;

/** The Accept headers clients send: none, anything, GraphQL-over-HTTP's legacy `application/json`, and its own media type. */
const ACCEPTS = [undefined, '*/*', 'application/json', 'application/graphql-response+json'] as const;

/** What is compared: the HTTP status and the codes of the errors; `codes` is undefined when the body is not JSON. */
interface Outcome {
  status: number;
  codes?: unknown[];
}

/** POSTs `body` with exactly the `accept` given (fetch would add one), and reads the status and error codes. */
function send(url: string, body: BadRequest['body'], accept: string | undefined): Promise<Outcome> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...(accept ? { accept } : {}) };
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const answer = Buffer.concat(chunks).toString();
        try {
          const { errors } = JSON.parse(answer) as { errors?: { extensions?: { code?: unknown } }[] };
          resolve({ status: res.statusCode!, codes: (errors ?? []).map((e) => e.extensions?.code) });
        } catch {
          resolve({ status: res.statusCode! });
        }
      });
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('bad requests get the HTTP status @apollo/gateway gives them', () => {
  const leftovers = useLeftovers('file');
  /** Each supergraph's two gateways. */
  const urls = new Map<string, { meshgraph: string; apollo: string }>();

  beforeAll(async () => {
    const mesh = leftovers.track(await startSubgraphs({ data: SMALL_TEST_DATA }));
    const endpoints = Object.entries(mesh.subgraphs).map(([name, { url }]) => ({ name, url }));
    const subgraphs = await Promise.all(endpoints.map(async (endpoint) => ({ ...endpoint, sdl: await fetchSubgraphSdl(endpoint) })));
    for (const { name, compose } of SUPERGRAPHS) {
      const supergraphSdl = compose(subgraphs);
      const supergraph = readSupergraph(supergraphSdl);
      const meshgraph = leftovers.track(
        await createGateway({
          supergraph: { subgraphs: () => supergraph.subgraphs, start: async () => ({ supergraph, watch: () => {} }) },
          healthProbeMs: 0,
          logger: captureLogger('gateway'),
        }),
      );
      await meshgraph.ready;
      const apollo = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }), includeStacktraceInErrorResponses: false });
      const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
      leftovers.track({ close: () => apollo.stop() });
      urls.set(name, { meshgraph: meshgraph.url, apollo: url });
    }
  });

  const cases = SUPERGRAPHS.flatMap(({ name }) => ACCEPTS.map((accept) => [name, accept ?? 'no Accept header', accept] as const));
  it.each(cases)('on %s, with %s: the same status and error codes, 400 where Apollo answers 500', async (supergraph, _, accept) => {
    const gateways = urls.get(supergraph)!;
    const answers = await Promise.all(
      BAD_REQUESTS.map(async ({ name, body }) => {
        const [apollo, meshgraph] = await Promise.all([send(gateways.apollo, body, accept), send(gateways.meshgraph, body, accept)]);
        return { name, apollo, meshgraph };
      }),
    );
    for (const { name, apollo, meshgraph } of answers) {
      expect(meshgraph.codes?.length, `${name}: meshgraph answers with an error`).toBeGreaterThan(0);
      if (name in APOLLO_500S) {
        // The exception holds only while Apollo still answers 500.
        expect(apollo, `${name}: Apollo's answer`).toEqual({ status: 500, codes: ['INVALID_GRAPHQL'] });
        expect(meshgraph, `${name}: ${APOLLO_500S[name]}`).toEqual({ status: 400, codes: ['OPERATION_RESOLUTION_FAILURE'] });
      } else {
        expect(meshgraph, name).toEqual(apollo.codes ? apollo : { status: apollo.status, codes: meshgraph.codes });
      }
    }
  });
});
