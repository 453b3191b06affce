import type { CryptoKey } from 'jose';

/** A private key that signs this mesh's tokens (the gateway's service token, `meshgraph token`). */
export interface SigningKey {
  readonly key: CryptoKey;
  /** Its key id, in every token's header, so verifiers find its public half in a key set. */
  readonly kid: string;
  /** Its JWS algorithm, e.g. `EdDSA`. */
  readonly alg: string;
}
