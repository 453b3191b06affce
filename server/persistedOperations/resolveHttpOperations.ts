import { GraphQLError } from 'graphql';
import type { Refusal } from '../Admission.ts';
import type { PersistedOperationRequest, PersistedOperations } from './createPersistedOperations.ts';

/** An HTTP request's body and URL with each operation's document in place, or why it is refused. */
export type ResolvedHttpOperations = { body: unknown; url: URL; refusal?: undefined } | { refusal: Refusal };

/**
 * Puts the document of each operation sent by hash into an HTTP request (a
 * POST body, one operation or a batch, or a GET's query string), and takes
 * the hash out: what runs it after sees a plain operation.
 */
export function resolveHttpOperations(persisted: PersistedOperations, body: unknown, url: URL): ResolvedHttpOperations {
  if (Array.isArray(body)) {
    const operations: unknown[] = [];
    for (const [index, operation] of body.entries()) {
      const resolved = resolveOperation(persisted, operation);
      if (resolved.refusal) {
        const { error } = resolved.refusal;
        return { refusal: { ...resolved.refusal, error: new GraphQLError(`Operation ${index + 1} of the batch: ${error.message}`, { extensions: error.extensions }) } };
      }
      operations.push(resolved.operation);
    }
    return { body: operations, url };
  }
  if (isRecord(body)) {
    const resolved = resolveOperation(persisted, body);
    return resolved.refusal ? resolved : { body: resolved.operation, url };
  }
  if (body !== undefined && body !== '') return { body, url };
  return resolveQueryString(persisted, body, url);
}

/** A GET's operation: `query`, `documentId` and `extensions` (JSON) in the query string. */
function resolveQueryString(persisted: PersistedOperations, body: unknown, url: URL): ResolvedHttpOperations {
  const params = url.searchParams;
  let extensions: unknown;
  try {
    extensions = JSON.parse(params.get('extensions') ?? 'null');
  } catch {
    // Apollo Server answers malformed extensions itself.
    return { body, url };
  }
  const resolved = resolveOperation(persisted, { query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions });
  if (resolved.refusal) return resolved;
  const rewritten = new URL(url);
  const { query, extensions: rest } = resolved.operation as Record<string, unknown>;
  if (typeof query === 'string') rewritten.searchParams.set('query', query);
  rewritten.searchParams.delete('documentId');
  if (rest === undefined) rewritten.searchParams.delete('extensions');
  else rewritten.searchParams.set('extensions', JSON.stringify(rest));
  return { body, url: rewritten };
}

/** One operation with its document in `query`, without `documentId` and `extensions.persistedQuery`. */
function resolveOperation(persisted: PersistedOperations, operation: unknown): { operation: unknown; refusal?: undefined } | { refusal: Refusal } {
  // Not an operation at all: Apollo Server says so.
  if (!isRecord(operation)) return { operation };
  const resolved = persisted.resolve(operation as PersistedOperationRequest);
  if (resolved.refusal) return resolved;
  const { documentId: _documentId, extensions, ...rest } = operation;
  const remaining = withoutPersistedQuery(extensions);
  return { operation: { ...rest, ...(resolved.query !== undefined ? { query: resolved.query } : {}), ...(remaining !== undefined ? { extensions: remaining } : {}) } };
}

/** The extensions left once the hash is taken out; undefined when none is. */
function withoutPersistedQuery(extensions: unknown): unknown {
  if (!isRecord(extensions)) return extensions ?? undefined;
  const { persistedQuery: _persistedQuery, ...rest } = extensions;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
