import { createHmac } from 'node:crypto';

/**
 * A stable keyed hash: the same value gives the same pseudonym under the same
 * key, so joins across data products still work, while nobody without the
 * key can tell the value (a plain hash of an e-mail address is reversed by
 * hashing guesses). Every gateway replica must share the key.
 */
export function createPseudonymiser(key: string | Uint8Array): (value: unknown) => string {
  if (key.length < 16) throw new RangeError('A pseudonym key needs at least 16 bytes: a short key is guessed.');
  return (value) => `pseudo:${createHmac('sha256', key).update(typeof value === 'string' ? value : JSON.stringify(value)).digest('base64url').slice(0, 22)}`;
}
