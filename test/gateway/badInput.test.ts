import { connect } from 'node:net';
import { auditServer } from 'graphql-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../support/mesh.ts';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe('bad input at the gateway', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh;
  beforeAll(async () => {
    mesh = leftovers.track(await startMesh({ data: SMALL_TEST_DATA, gateway: { maxDepth: 8, maxBodyBytes: 16_384 } }));
  });

  const expectError = (body: { errors?: { message: string; extensions?: Record<string, any> }[] }, code: string) => {
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(body)).not.toContain('stacktrace');
    return body.errors![0]!.message;
  };

  it('malformed JSON is a 400 with BAD_REQUEST, in both response media types', async () => {
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const { status, headers, body } = await postGraphQL(mesh.gateway.url, '{"query": "{ __typename }"', { accept });
      expect(status).toBe(400);
      expect(headers.get('content-type')).toContain(accept);
      expect(expectError(body, 'BAD_REQUEST')).toContain('not valid JSON');
    }
  });

  it('a syntax error is a 400 with GRAPHQL_PARSE_FAILED, in both response media types, as Apollo Server answers it', async () => {
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const { status, headers, body } = await postGraphQL(mesh.gateway.url, { query: '{ topCharts(first: 1) { edges ' }, { accept });
      expect(status).toBe(400);
      expect(headers.get('content-type')).toContain(accept);
      expect(expectError(body, 'GRAPHQL_PARSE_FAILED')).toContain('Syntax Error');
    }
  });

  it('an unknown field is a validation error that suggests the right one', async () => {
    const { status, body } = await postGraphQL(mesh.gateway.url, { query: '{ topCharts { edges { node { episode { titel } } } } }' });
    expect(status).toBe(400);
    expect(expectError(body, 'GRAPHQL_VALIDATION_FAILED')).toBe('Cannot query field "titel" on type "Episode". Did you mean "title"?');
  });

  it('a variable of the wrong type is BAD_USER_INPUT naming the variable', async () => {
    const { status, body } = await postGraphQL(mesh.gateway.url, {
      query: 'query($first: Int) { listeners(first: $first) { totalCount } }',
      variables: { first: 'ten' },
    });
    expect(status).toBe(400);
    expect(expectError(body, 'BAD_USER_INPUT')).toContain('$first');
  });

  it('a bad DateTime or page size in arguments is BAD_USER_INPUT with what was expected', async () => {
    // The domain refuses the literal with a 400 of its own; the gateway passes its errors on.
    const date = await postGraphQL(mesh.gateway.url, { query: '{ plays(from: "yesterday") { totalCount } }' });
    expect(date.body.errors?.[0]?.message).toContain('ISO-8601');
    const page = await postGraphQL(mesh.gateway.url, { query: '{ plays(first: 100000) { totalCount } }' });
    expect(page.body.data?.plays).toBeNull();
    expect(page.body.errors?.[0]?.message).toContain('"first" must be a whole number from 0 to 500');
    expect(page.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('an operation name the document does not define is a 400 naming it', async () => {
    const { status, body } = await postGraphQL(mesh.gateway.url, { query: 'query A { __typename }', operationName: 'B' });
    expect(status).toBe(400);
    expect(expectError(body, 'OPERATION_RESOLUTION_FAILURE')).toContain('"B"');
  });

  it('a body over the size limit is a 413 with PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(20_000) } });
    const { status, body } = await postGraphQL(mesh.gateway.url, huge);
    expect(status).toBe(413);
    expect(expectError(body, 'PAYLOAD_TOO_LARGE')).toContain('16384 bytes');
  });

  it('an operation deeper than the limit is refused with QUERY_TOO_DEEP before any subgraph is called', async () => {
    const plays = mesh.domains.podcasts.store.batchLoads.Episode;
    const deep = '{ topCharts { edges { node { episode { podcast { episodes { edges { node { podcast { title } } } } } } } } } }';
    const { status, body } = await postGraphQL(mesh.gateway.url, { query: deep });
    expect(status).toBe(400);
    expect(expectError(body, 'QUERY_TOO_DEEP')).toBe('The operation nests 10 levels deep; the limit is 8. Split it into shallower operations.');
    expect(mesh.domains.podcasts.store.batchLoads.Episode).toBe(plays);
    // Introspection does not count against the limit, so tools keep working.
    const introspection = await postGraphQL(mesh.gateway.url, { query: '{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }' });
    expect(introspection.body.errors).toBeUndefined();
  });

  it('unknown paths and methods get 404 and 405, and raw garbage does not stop the gateway serving', async () => {
    const base = mesh.gateway.url.replace('/graphql', '');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const put = await fetch(mesh.gateway.url, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');

    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(mesh.gateway.port, '127.0.0.1', () => socket.write('\x00\xffNOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    const { body } = await postGraphQL(mesh.gateway.url, { query: '{ listeners(first: 1) { totalCount } }' });
    expect(body.data!.listeners.totalCount).toBe(mesh.domains.listeners.store.all.length);
  });

  it('passes the graphql-http audit of GraphQL-over-HTTP with no MUST failures, and no SHOULD but the status Apollo Server gives', async () => {
    const results = await auditServer({ url: mesh.gateway.url });
    const failures = results.filter((r) => r.status === 'error' || r.status === 'warn').map((r) => `${r.status}: ${r.name}`);
    // A drop-in for @apollo/gateway answers request errors with Apollo Server's 400 in application/json too.
    expect(failures).toEqual([
      'warn: SHOULD use 200 status code on document parsing failure when accepting application/json',
      'warn: SHOULD use 200 status code on document validation failure when accepting application/json',
      'warn: SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
    ]);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(50);
  });
});

