import { decodeJwt } from 'jose';
import type { Consumer } from '../governance/Consumer.ts';
import { claimsOf, issueToken, type Identity } from '../governance/identity/index.ts';

/** How long a demo token is valid by default: a working day. */
export const DEMO_TOKEN_TTL_SECONDS = 8 * 3_600;

/** A signed demo token and when it stops being accepted. */
export interface DemoToken {
  token: string;
  /** Its `exp`, epoch milliseconds. */
  expiresAt: number;
}

/**
 * Signs a token for a demo consumer as every process of the mesh verifies
 * it: the mesh's signing key, issuer and audience (`readIdentity`). Used by
 * `meshgraph token` and the gateway's demo sign-in. Throws when the identity
 * has no key to sign with (a JWKS without `MESHGRAPH_SIGNING_KEY_FILE`).
 */
export async function issueDemoToken(identity: Pick<Identity, 'keys' | 'issuer' | 'audience'>, consumer: Consumer, ttlSeconds = DEMO_TOKEN_TTL_SECONDS): Promise<DemoToken> {
  const { signing } = identity.keys;
  if (!signing) throw new Error('Demo tokens need a key to sign with: set MESHGRAPH_SIGNING_KEY_FILE, or get tokens from your identity provider.');
  const token = await issueToken(claimsOf(consumer), signing, { ttlSeconds, issuer: identity.issuer, audience: identity.audience });
  return { token, expiresAt: decodeJwt(token).exp! * 1_000 };
}
