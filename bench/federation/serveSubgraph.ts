import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/** A subgraph's GraphQL request body. */
interface RequestBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** The parts of an untrusted JSON body a GraphQL request needs, or an error message. */
function readRequestBody(raw: string): RequestBody | string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return 'the body is not JSON';
  }
  const { query, variables, operationName } = (body ?? {}) as Record<string, unknown>;
  if (typeof query !== 'string') return 'the body has no "query" string';
  return {
    query,
    ...(variables && typeof variables === 'object' ? { variables: variables as Record<string, unknown> } : {}),
    ...(typeof operationName === 'string' ? { operationName } : {}),
  };
}

/**
 * Serves `schema` at `POST /graphql` on 127.0.0.1 and a free port (and
 * `GET /health`), with every document parsed and validated once: the
 * gateways send the same few documents again and again, and the subgraphs
 * must stay light beside the gateway measured.
 */
export async function serveSubgraph(schema: GraphQLSchema): Promise<{ url: string; server: Server }> {
  const documents = new Map<string, DocumentNode | readonly Error[]>();
  const documentOf = (query: string) => {
    let document = documents.get(query);
    if (!document) {
      try {
        const parsed = parse(query);
        const errors = validate(schema, parsed);
        document = errors.length ? errors : parsed;
      } catch (error) {
        document = [error as Error];
      }
      documents.set(query, document);
    }
    return document;
  };
  const answer = (status: number, payload: unknown) => ({ status, text: JSON.stringify(payload) });
  const run = async (raw: string) => {
    const body = readRequestBody(raw);
    if (typeof body === 'string') return answer(400, { errors: [{ message: body }] });
    const document = documentOf(body.query);
    if (Array.isArray(document)) return answer(400, { errors: document.map((e) => ({ message: e.message })) });
    return answer(200, await execute({ schema, document: document as DocumentNode, variableValues: body.variables, operationName: body.operationName }));
  };
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health') return void response.end('{"status":"ok"}');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void run(Buffer.concat(chunks).toString('utf8')).then(({ status, text }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server };
}
