import { Supergraph } from '@apollo/federation-internals';
import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../../bench/federation/firstDifference.ts';
import { CATALOG_SUBGRAPH, createCatalogSchema } from '../../gateway/catalog/index.ts';
import { composeMeshSupergraph, createGateway, createMeshCatalog, fetchSubgraphSdl, readSupergraph, type Gateway } from '../../gateway/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { generateOperations, type GeneratedOperation, type GenerateOperationOptions } from '../support/generateOperations.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startSubgraphs, type TestSubgraphs } from '../support/mesh.ts';

/*
 * meshgraph's answers must be those of plain @apollo/gateway + Apollo Server,
 * byte for byte: status, content type and body (data, errors, nulls, partial
 * results). Both serve the same supergraph SDL, meshgraph's own: the demo
 * domains and the catalog subgraph. meshgraph runs the catalog in-process;
 * Apollo cannot fetch its routing URL, so it is given the catalog the same way
 * (its own LocalGraphQLDataSource over the same catalog), which is how
 * meshgraph itself served it with Apollo's executor. What the catalog answers
 * from the moment or from the gateway asked is left out of the operations
 * (EXCLUDED_FIELDS); everything else of `Query` is generated.
 *
 * Apollo Server is configured as meshgraph serves outside development: no
 * stack traces in errors (vitest's NODE_ENV would otherwise add them). No
 * other setting; both bodies end with the same newline. The only rewrites
 * are the accepted differences below, each named, narrow, and said why.
 *
 * Queries only: mutations change what both read (and are governance's on
 * this mesh), and subscriptions run on their own engine.
 *
 * MESHGRAPH_DIFFERENTIAL_SEED and MESHGRAPH_DIFFERENTIAL_COUNT explore other
 * operations; a failure names the seed and the operation's index, which
 * `generateOperation(\`${seed}:${index}\`, …)` makes again alone.
 */
const SEED = process.env['MESHGRAPH_DIFFERENTIAL_SEED'] ?? 'meshgraph-differential';
const COUNT = Number(process.env['MESHGRAPH_DIFFERENTIAL_COUNT'] ?? 300);
/** Time each test may take: 300 operations take about 8 s on a busy two-core machine. */
const TIMEOUT_MS = Math.max(60_000, COUNT * 200);
/** Operations sent to both at once: the machine has two cores, and both gateways share them with the domains. */
const IN_FLIGHT = 4;

/** Fields whose answers are not the executor's to decide, with why. */
const EXCLUDED_FIELDS = new Set([
  // Live figures: lag grows between the two requests, and `consumers` lists the client names each gateway sends.
  'DataProduct.figures',
  // Built from the consumption observed (the same figures).
  'Query.lineage',
  // Links to the gateway's own export route: Apollo has none, and its URL is not meshgraph's.
  'DataProduct.exports',
  // Governance's fields: off on a bare gateway, each answers the same error (and a non-null one nulls the whole data).
  ...['me', 'accessPurposes', 'accessAgreements', 'accessLog', 'notifications', 'notificationWebhook'].map((field) => `Query.${field}`),
  'DataProduct.access',
  'DataProduct.notifications',
]);

/** A known, accepted difference: both answers rewritten to one text, and why it is accepted. */
interface AcceptedDifference {
  name: string;
  reason: string;
  apollo: (text: string) => string;
  meshgraph: (text: string) => string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A subgraph that does not answer: each gateway's error for it becomes `<"name" unavailable>`. */
const subgraphUnavailable = (name: string, url: string): AcceptedDifference => ({
  name: 'SUBGRAPH_UNAVAILABLE',
  reason: 'meshgraph names the subgraph with a code clients can act on; Apollo gives its fetch error (the URL, the socket reason) as INTERNAL_SERVER_ERROR.',
  apollo: (text) =>
    text.replace(new RegExp(`\\{"message":"request to ${escapeRegExp(url)} failed, reason: [^"]*","extensions":\\{"code":"INTERNAL_SERVER_ERROR"\\}\\}`, 'g'), `<"${name}" unavailable>`),
  meshgraph: (text) =>
    text.replace(
      new RegExp(`\\{"message":"Subgraph \\\\"${name}\\\\" is unavailable \\([^)"]*\\); the fields it serves are missing from this response\\.","extensions":\\{"code":"SUBGRAPH_UNAVAILABLE","subgraph":"${name}"\\}\\}`, 'g'),
      `<"${name}" unavailable>`,
    ),
});

/** The subgraph an error came from, by Apollo's `extensions.serviceName`; '' for the gateway's own. */
const subgraphOf = (error: { extensions?: { serviceName?: unknown } }) => String(error.extensions?.serviceName ?? '');

/** Errors grouped by subgraph, in a stable order: each subgraph's errors keep theirs. */
const errorsBySubgraph: AcceptedDifference = {
  name: 'ERRORS_OF_PARALLEL_FETCHES_IN_ARRIVAL_ORDER',
  reason: "Apollo adds the errors of fetches that run in parallel as their answers arrive, so between two subgraphs its own order changes from run to run.",
  apollo: (text) => inSubgraphOrder(text),
  meshgraph: (text) => inSubgraphOrder(text),
};

function inSubgraphOrder(text: string): string {
  const bodyAt = text.indexOf('\n') + 1;
  const body = JSON.parse(text.slice(bodyAt)) as { errors?: { extensions?: { serviceName?: unknown } }[] };
  if (!body.errors || new Set(body.errors.map(subgraphOf)).size < 2) return text;
  // Array.prototype.sort is stable: only errors of different subgraphs change places.
  body.errors = [...body.errors].sort((a, b) => subgraphOf(a).localeCompare(subgraphOf(b)));
  // Both servers write JSON.stringify's text, so this writes the rest of the body as it was.
  return `${text.slice(0, bodyAt)}${JSON.stringify(body)}\n`;
}

/** An operation that names none of its document's operations: Apollo's 500 `INVALID_GRAPHQL` read as meshgraph's 400. */
const operationResolutionFailure: AcceptedDifference = {
  name: 'OPERATION_RESOLUTION_FAILURE',
  reason: 'meshgraph refuses it as a request error with 400, as subgraphs do (operationResolutionPlugin); @apollo/gateway answers 500.',
  apollo: (text) =>
    text.replace(
      /^HTTP 500 (.*)\n\{"errors":\[\{"message":"(Must provide operation name if query contains multiple operations\.|Unknown operation named \\"[^"\\]*\\"\.)","extensions":\{"code":"INVALID_GRAPHQL"\}\}\]\}\n$/,
      'HTTP 400 $1\n{"errors":[{"message":"$2","extensions":{"code":"OPERATION_RESOLUTION_FAILURE"}}]}\n',
    ),
  meshgraph: (text) => text,
};

/** A GraphQL-over-HTTP request sent to both. */
type GraphQLRequest = GeneratedOperation & { operationName?: string };

/** Requests GraphQL refuses before running them, one of each kind: the same status and errors. */
const INVALID_REQUESTS: GraphQLRequest[] = [
  '{ artist { name } }',
  '{ artist(id: 1, nope: 2) { name } }',
  'query($x: Int) { artist(id: $x) { name } }',
  '{ artist(id: "a-1") { name } ...Missing }',
  'query { artist(id: "a-1") { ...F } } fragment F on Artist { ...G } fragment G on Artist { ...F }',
  '{ artists(orderBy: { field: NOPE }) { totalCount } }',
  '{ artist(id: $undefined) { name } }',
  'query($unused: Int) { __typename }',
  'query A { __typename } query A { __typename }',
  'query A { __typename } query B { __typename }',
  '{ artist(id: "a-1") { name(x: 1) } }',
  '{ artist(id: "a-1") }',
  '{ artist(id: "a-1") { name { x } } }',
  '{ artist(id: "a-1") { a: name a: country } }',
  '{ artist(id: "a-1") { name @skip } }',
  '{ artist(id: "a-1") { name @nope } }',
  '{ entity(urn: "x") { ... on Play { id } } }',
  'subscription { __typename }',
  '{ artist(id: "a-1") { name ',
  '',
  '{ nope }',
].map((query) => ({ query, variables: {} }));

/** An answer as compared: status, content type and body text. */
async function answer(url: string, operation: GraphQLRequest): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(operation),
  });
  return `HTTP ${response.status} ${response.headers.get('content-type')}\n${await response.text()}`;
}

/** A difference found, said with what reproduces it. */
interface Difference {
  index: number;
  operation: GraphQLRequest;
  where: string;
  /** Both answers as compared (after the accepted differences). */
  apollo: string;
  meshgraph: string;
}

/** Runs every operation on both gateways and returns where their answers differ, after the accepted differences. */
async function differences(operations: readonly GraphQLRequest[], urls: { apollo: string; meshgraph: string }, accepted: readonly AcceptedDifference[] = []): Promise<Difference[]> {
  const found: Difference[] = [];
  let next = 0;
  const worker = async () => {
    while (next < operations.length) {
      const index = next++;
      const operation = operations[index]!;
      let [apollo, meshgraph] = await Promise.all([answer(urls.apollo, operation), answer(urls.meshgraph, operation)]);
      for (const difference of accepted) [apollo, meshgraph] = [difference.apollo(apollo), difference.meshgraph(meshgraph)];
      const where = firstDifference(apollo, meshgraph);
      if (where) found.push({ index, operation, where, apollo, meshgraph });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return found.sort((a, b) => a.index - b.index);
}

/** What differed, for the failure message: `what` names the operations (`seed "…"`: the i-th is made again by `generateOperation(\`${seed}:${i}\`)`). */
const report = (what: string, found: readonly Difference[], of: number, accepted: readonly AcceptedDifference[] = [], log: readonly string[] = []) => {
  const [first] = found;
  if (!first) return 'none';
  return [
    ...(accepted.length > 0 ? [`(after the accepted differences ${accepted.map((d) => d.name).join(', ')})`] : []),
    `${found.length} of ${of} operations answered differently (${what}, indexes ${found.slice(0, 20).map((d) => d.index).join(', ')}${found.length > 20 ? ', …' : ''}). The first, index ${first.index}:`,
    first.operation.query,
    `variables: ${JSON.stringify(first.operation.variables)}${first.operation.operationName ? `, operationName: ${first.operation.operationName}` : ''}`,
    `Apollo → meshgraph ${first.where}`,
    `Apollo: ${first.apollo.slice(0, 400)}`,
    `meshgraph: ${first.meshgraph.slice(0, 400)}`,
    // A masked error says only that the log has the details.
    ...log.filter((line) => /^\S+ error /.test(line)).slice(0, 3).map((line) => `meshgraph's log: ${line.slice(0, 1_000)}`),
  ].join('\n');
};

describe('meshgraph answers as @apollo/gateway does', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestSubgraphs;
  let meshgraph: Gateway;
  const meshgraphLog = captureLogger('gateway');
  let apolloUrl: string;
  let options: GenerateOperationOptions;

  beforeAll(async () => {
    mesh = leftovers.track(await startSubgraphs({ data: SMALL_TEST_DATA }));
    const endpoints = Object.entries(mesh.subgraphs).map(([name, { url }]) => ({ name, url }));
    const supergraphSdl = composeMeshSupergraph(await Promise.all(endpoints.map(async (endpoint) => ({ ...endpoint, sdl: await fetchSubgraphSdl(endpoint) }))));
    const supergraph = readSupergraph(supergraphSdl);
    // One catalog, which meshgraph follows and both serve. It looks at the domains once: two requests
    // answered while it looked again (a domain stopped, say) would otherwise see two catalogs.
    const catalog = createMeshCatalog({ maxAgeMs: Number.MAX_SAFE_INTEGER, logger: captureLogger('catalog') });
    meshgraph = leftovers.track(
      await createGateway({
        supergraph: { subgraphs: () => supergraph.subgraphs, start: async () => ({ supergraph, watch: () => {} }) },
        catalog,
        healthProbeMs: 0,
        logger: meshgraphLog,
      }),
    );
    await meshgraph.ready;
    const catalogSource = new LocalGraphQLDataSource(createCatalogSchema({ catalog, exportUrl: () => 'excluded from the operations' }));
    const apollo = new ApolloServer({
      gateway: new ApolloGateway({ supergraphSdl, buildService: ({ name, url }) => (name === CATALOG_SUBGRAPH ? catalogSource : new RemoteGraphQLDataSource({ url })) }),
      includeStacktraceInErrorResponses: false,
    });
    apolloUrl = (await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } })).url;
    leftovers.track({ close: () => apollo.stop() });
    options = { schema: Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(), values: await demoValues(apolloUrl), alwaysGiven: ['first'], excludedFields: EXCLUDED_FIELDS };
  });

  it(`answers ${COUNT} generated queries across the domains byte for byte as Apollo does`, async () => {
    const operations = generateOperations(SEED, COUNT, options);
    const accepted = [errorsBySubgraph];
    const found = await differences(operations, { apollo: apolloUrl, meshgraph: meshgraph.url }, accepted);
    expect(report(`seed "${SEED}"`, found, COUNT, accepted, meshgraphLog.lines)).toBe('none');
  }, TIMEOUT_MS);

  it('refuses invalid requests with the same status and errors, an operation it cannot pick with 400', async () => {
    const requests: GraphQLRequest[] = [
      ...INVALID_REQUESTS,
      { query: 'query A { __typename }', variables: {}, operationName: 'B' },
      { query: 'query($f: Int) { artists(first: $f) { totalCount } }', variables: { f: 'x' } },
      { query: 'query($f: Int!) { artists(first: $f) { totalCount } }', variables: {} },
    ];
    const accepted = [operationResolutionFailure];
    const found = await differences(requests, { apollo: apolloUrl, meshgraph: meshgraph.url }, accepted);
    expect(report('invalid requests', found, requests.length, accepted, meshgraphLog.lines)).toBe('none');
  });

  it('answers response names an ordinary object inherits (constructor, __proto__, toString…) as Apollo does', async () => {
    const requests: GraphQLRequest[] = [
      ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON'].map((name, index) => `${name}: artists(first: ${index + 1}) { totalCount }`).join(' '),
      `{ topCharts(country: "DE", first: 3) { constructor: edges { __proto__: node { toString: rank valueOf: episode { hasOwnProperty: title isPrototypeOf: podcast { __proto__: host { constructor: name } } } } } } }`,
      `{ __proto__: topCharts(country: "DE", first: 2) { edges { node { episode { podcast { host { __proto__: name toString: name } } } } } } }`,
    ].map((query) => ({ query: query.startsWith('{') ? query : `{ ${query} }`, variables: {} }));
    const found = await differences(requests, { apollo: apolloUrl, meshgraph: meshgraph.url });
    expect(report('inherited response names', found, requests.length, [], meshgraphLog.lines)).toBe('none');
  });

  it('with the artists subgraph down, answers the same partial results and errors, its unavailability worded its own way', async () => {
    const artists = mesh.subgraphs.artists.url;
    await mesh.stopSubgraph('artists');
    const seed = `${SEED}:artists-down`;
    const operations = generateOperations(seed, Math.ceil(COUNT / 3), options);
    // In this order: the errors are JSON until the unavailability is rewritten.
    const accepted = [errorsBySubgraph, subgraphUnavailable('artists', artists)];
    const found = await differences(operations, { apollo: apolloUrl, meshgraph: meshgraph.url }, accepted);
    expect(report(`seed "${seed}"`, found, operations.length, accepted, meshgraphLog.lines)).toBe('none');
  }, TIMEOUT_MS);
});

/** Values of arguments from the demo data, read through Apollo: ids and URNs that exist, and some that do not. */
async function demoValues(url: string): Promise<GenerateOperationOptions['values']> {
  const node = (fields: string) => `edges { cursor node { ${fields} } }`;
  const { body } = await postGraphQL(url, {
    query: `{
      artists(first: 4) { ${node('id urn country genres')} }
      listeners(first: 4) { ${node('id urn country')} }
      podcasts(first: 4) { ${node('id urn category language')} }
      episodes(first: 4) { ${node('id urn occurredAt')} }
      dataProducts { dataProduct { urn domain tags } }
    }`,
  });
  if (body.errors) throw new Error(`Reading the demo values failed: ${JSON.stringify(body.errors)}`);
  const pages = body.data as Record<'artists' | 'listeners' | 'podcasts' | 'episodes', { edges: { cursor: string; node: Record<string, string | string[]> }[] }>;
  const read = (list: keyof typeof pages, field: string) => [...new Set(pages[list].edges.flatMap(({ node }) => node[field]!))];
  const products = (body.data!['dataProducts'] as { dataProduct: { urn: string; domain: string; tags: string[] } }[]).map((match) => match.dataProduct);
  const dates = read('episodes', 'occurredAt');
  return {
    // Lookups: ids that exist, and one that does not (a null, no error).
    'Query.artist(id:)': [...read('artists', 'id'), 'a-0'],
    'Query.listener(id:)': [...read('listeners', 'id'), 'l-0'],
    'Query.podcast(id:)': [...read('podcasts', 'id'), 'p-0'],
    'Query.episode(id:)': [...read('episodes', 'id'), 'e-0'],
    // Every polyseme, one that does not exist, and a URN that is none (an error from the catalog).
    'Query.entity(urn:)': [...(['artists', 'listeners', 'podcasts', 'episodes'] as const).flatMap((list) => read(list, 'urn')), 'urn:meshgraph:artist:a-0', 'not-a-urn'],
    'Query.dataProduct(urn:)': [...products.map((p) => p.urn), 'urn:meshgraph:nowhere:nothing:v1'],
    hostId: read('artists', 'id'),
    podcastId: read('podcasts', 'id'),
    episodeId: read('episodes', 'id'),
    listenerId: read('listeners', 'id'),
    country: [...read('listeners', 'country'), ...read('artists', 'country'), 'ZZ'],
    genre: read('artists', 'genres'),
    category: read('podcasts', 'category'),
    language: read('podcasts', 'language'),
    domain: [...new Set(products.map((p) => p.domain))],
    tag: [...new Set(products.flatMap((p) => p.tags))],
    search: ['royalties', 'listener plays', 'zzz'],
    // A page further, and now and then a cursor the domains refuse (an error, and nulls up to a nullable parent).
    'Query.artists(after:)': [pages.artists.edges[1]!.cursor, 'not-a-cursor'],
    'Query.episodes(after:)': [pages.episodes.edges[1]!.cursor, pages.artists.edges[1]!.cursor],
    // Short pages, and now and then one the domains refuse.
    first: [1, 2, 3, 1, 2, 3, 0, 1, 2, -1],
    ...Object.fromEntries(['from', 'to', 'releasedFrom', 'releasedTo', 'registeredFrom', 'registeredTo', 'since'].map((name) => [name, dates])),
  };
}
