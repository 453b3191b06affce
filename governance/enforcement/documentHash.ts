import { createHash } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';

const hashes = new WeakMap<DocumentNode, string>();

/** SHA-256 (hex) of a document as printed, computed once per document object. */
export function documentHash(document: DocumentNode): string {
  let hash = hashes.get(document);
  if (!hash) hashes.set(document, (hash = createHash('sha256').update(print(document)).digest('hex')));
  return hash;
}
