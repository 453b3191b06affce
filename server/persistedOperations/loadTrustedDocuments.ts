import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/ConfigError.ts';
import { documentHash } from './documentHash.ts';
import type { TrustedDocuments } from './TrustedDocuments.ts';


/**
 * Reads a manifest of trusted documents: Apollo's persisted query manifest
 * (`{ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id, name, type, body }] }`)
 * or a plain `{ "<sha256>": "<document>" }` map (Relay, GraphQL Code Generator).
 * Throws a `ConfigError` naming the file when it cannot be read, is not JSON,
 * has another shape, or gives a document an id that is not its SHA-256.
 */
export function loadTrustedDocuments(file: string): TrustedDocuments {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`The trusted documents manifest "${file}" (MESHGRAPH_TRUSTED_DOCUMENTS) cannot be read: ${(error as Error).message}.`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The trusted documents manifest "${file}" is not JSON: ${(error as Error).message}.`);
  }
  const documents = new Map<string, string>();
  for (const [id, body] of manifestEntries(manifest, file)) {
    const hash = id.replace(/^sha256:/, '');
    if (documentHash(body) !== hash) {
      throw new ConfigError(`The trusted documents manifest "${file}" gives the document id "${id}", but its SHA-256 is "${documentHash(body)}". Regenerate the manifest from the client's documents.`);
    }
    documents.set(hash, body);
  }
  return documents;
}

const SHAPES = `Expected Apollo's persisted query manifest ({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }) or a { "<sha256>": "<document>" } map`;

/** The manifest's `[id, document]` pairs, in either format. */
function manifestEntries(manifest: unknown, file: string): [string, string][] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ConfigError(`The trusted documents manifest "${file}" holds ${Array.isArray(manifest) ? 'an array' : typeof manifest}. ${SHAPES}.`);
  }
  const record = manifest as Record<string, unknown>;
  if (!('format' in record)) {
    return Object.entries(record).map(([id, body]) => {
      if (typeof body !== 'string') throw new ConfigError(`The trusted documents manifest "${file}" maps "${id}" to ${typeof body}, not a document. ${SHAPES}.`);
      return [id, body];
    });
  }
  const { format, version, operations } = record;
  if (format !== 'apollo-persisted-query-manifest' || version !== 1 || !Array.isArray(operations)) {
    throw new ConfigError(`The trusted documents manifest "${file}" has format ${JSON.stringify(format)}, version ${JSON.stringify(version)}. ${SHAPES}.`);
  }
  return operations.map((operation: unknown, index) => {
    const { id, body } = (typeof operation === 'object' && operation !== null ? operation : {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof body !== 'string') {
      throw new ConfigError(`The trusted documents manifest "${file}": operation ${index + 1} lacks a string "id" and "body". ${SHAPES}.`);
    }
    return [id, body];
  });
}
