import { createHash } from 'node:crypto';

/** The SHA-256 of a document's text, in lower-case hex: its id in APQ and in trusted document manifests. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}
