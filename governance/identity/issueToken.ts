import { SignJWT } from 'jose';
import type { ConsumerClaims } from './consumerClaims.ts';
import type { SigningKey } from './SigningKey.ts';

/** Options of `issueToken`. */
export interface IssueTokenOptions {
  /** Seconds the token is valid for. @default 3_600 */
  ttlSeconds?: number;
  /** `iss`. @default 'meshgraph' */
  issuer?: string;
  /** `aud`. @default 'meshgraph' */
  audience?: string;
}

/** Signs a JWT for a consumer: its claims, `iss`, `aud`, `iat`, `nbf` and `exp`, with the key's `kid` in the header. */
export async function issueToken(claims: ConsumerClaims, key: SigningKey, options: IssueTokenOptions = {}): Promise<string> {
  const { ttlSeconds = 3_600, issuer = 'meshgraph', audience = 'meshgraph' } = options;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(key.key);
}
