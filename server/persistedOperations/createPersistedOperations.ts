import { GraphQLError } from 'graphql';
import type { Refusal } from '../Admission.ts';
import { createDocumentCache } from './createDocumentCache.ts';
import { documentHash } from './documentHash.ts';
import type { TrustedDocuments } from './TrustedDocuments.ts';

/** Codes of the errors persisted operations answer with, as Apollo clients expect them. */
export const PersistedOperationCode = {
  /** The hash is unknown: send it again with the document (APQ). */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** This server keeps no documents by hash: send the document itself. */
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** The document sent is not the one the hash names. */
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  /** Only trusted documents run here, and this is not one. */
  OPERATION_NOT_TRUSTED: 'OPERATION_NOT_TRUSTED',
} as const;

export interface PersistedOperationsOptions {
  /** Documents registered by Automatic Persisted Queries kept at most; 0 turns APQ off. @default 1_000 */
  apqCacheSize?: number;
  /** Documents known ahead (a manifest), run by their hash. @default none */
  trustedDocuments?: TrustedDocuments;
  /** Refuses every operation that is not a trusted document, sent by hash or in full. Needs `trustedDocuments`. @default false */
  trustedDocumentsOnly?: boolean;
}

/** An operation as a client sends it, over HTTP (POST body or GET parameters) or WebSocket (`subscribe` payload). */
export interface PersistedOperationRequest {
  query?: unknown;
  /** The trusted document's id (GraphQL-over-HTTP's `documentId`), `sha256:` optional before the hash. */
  documentId?: unknown;
  extensions?: unknown;
}

/** The document to run (undefined: the request names none, for the server to answer), or why the operation is refused. */
export type PersistedOperationResolution = { query: string | undefined; refusal?: undefined } | { refusal: Refusal };

/** Finds the document of each operation sent by hash (APQ or trusted documents) and refuses the untrusted ones when only trusted ones may run. */
export interface PersistedOperations {
  resolve(request: PersistedOperationRequest): PersistedOperationResolution;
}

/**
 * Serves persisted operations before the document is parsed: Automatic
 * Persisted Queries (a client sends a hash; unknown, it sends the document
 * with it, which is kept in a bounded cache) and trusted documents (a
 * manifest known at start; with `trustedDocumentsOnly`, nothing else runs).
 * Transport-free: HTTP and WebSocket resolve the same way.
 */
export function createPersistedOperations(options: PersistedOperationsOptions = {}): PersistedOperations {
  const { apqCacheSize = 1_000, trustedDocuments = new Map<string, string>(), trustedDocumentsOnly = false } = options;
  if (trustedDocumentsOnly && trustedDocuments.size === 0) {
    throw new Error('Only trusted documents may run, but none is given: pass `trustedDocuments` (MESHGRAPH_TRUSTED_DOCUMENTS), or turn `trustedDocumentsOnly` off.');
  }
  const cache = apqCacheSize > 0 ? createDocumentCache(apqCacheSize) : undefined;

  return {
    resolve(request) {
      const query = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;
      const persisted = persistedHash(request);
      if (persisted.refusal) return persisted;
      const { hash } = persisted;
      if (hash === undefined) {
        if (query === undefined || !trustedDocumentsOnly || trustedDocuments.has(documentHash(query))) return { query };
        return { refusal: notTrusted('This document is not one of the trusted documents') };
      }
      if (query !== undefined && documentHash(query) !== hash) {
        return refuse(400, PersistedOperationCode.PERSISTED_QUERY_HASH_MISMATCH, `The document sent does not have the SHA-256 "${hash}" sent with it. Hash the document's exact text.`);
      }
      const trusted = trustedDocuments.get(hash);
      if (trusted !== undefined) return { query: trusted };
      if (trustedDocumentsOnly) return { refusal: notTrusted(`No trusted document has the id "${hash}"`) };
      if (query !== undefined) {
        cache?.set(hash, query);
        return { query };
      }
      const cached = cache?.get(hash);
      if (cached !== undefined) return { query: cached };
      // Status 200 and these messages, as Apollo Server answers: Apollo clients look for them to send the document.
      return cache
        ? refuse(200, PersistedOperationCode.PERSISTED_QUERY_NOT_FOUND, 'PersistedQueryNotFound', { 'cache-control': 'private, no-cache, must-revalidate' })
        : refuse(200, PersistedOperationCode.PERSISTED_QUERY_NOT_SUPPORTED, 'PersistedQueryNotSupported', { 'cache-control': 'private, no-cache, must-revalidate' });
    },
  };
}

/** The hash a request names its document by (`extensions.persistedQuery.sha256Hash` or `documentId`), if any. */
function persistedHash({ documentId, extensions }: PersistedOperationRequest): { hash: string | undefined; refusal?: undefined } | { refusal: Refusal } {
  if (typeof documentId === 'string') return { hash: documentId.replace(/^sha256:/, '').toLowerCase() };
  const persistedQuery = isRecord(extensions) ? extensions['persistedQuery'] : undefined;
  if (persistedQuery === undefined) return { hash: undefined };
  if (!isRecord(persistedQuery) || persistedQuery['version'] !== 1 || typeof persistedQuery['sha256Hash'] !== 'string') {
    return refuse(400, 'BAD_REQUEST', 'Unsupported persisted query: expected `extensions.persistedQuery` to be `{ "version": 1, "sha256Hash": "<hex>" }`.');
  }
  return { hash: persistedQuery['sha256Hash'].toLowerCase() };
}

function notTrusted(why: string): Refusal {
  return refuse(400, PersistedOperationCode.OPERATION_NOT_TRUSTED, `${why}, and only trusted documents run on this gateway. Add the operation to the client's persisted query manifest (MESHGRAPH_TRUSTED_DOCUMENTS) and restart the gateway with it, or send it by its id.`).refusal;
}

function refuse(status: number, code: string, message: string, headers?: Record<string, string>): { refusal: Refusal } {
  return { refusal: { status, error: new GraphQLError(message, { extensions: { code } }), ...(headers ? { headers } : {}) } };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
