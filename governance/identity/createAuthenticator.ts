import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Consumer } from '../Consumer.ts';
import type { Authenticator } from '../Governance.ts';
import { AuthenticationError } from './AuthenticationError.ts';
import { consumerFromClaims } from './consumerClaims.ts';
import { hashApiKey, type ApiKeys } from './readApiKeys.ts';

/** Options of `createAuthenticator`. */
export interface AuthenticatorOptions {
  /** Finds the key that verifies a token (`readTokenKeys(env).verify`, or jose's `createRemoteJWKSet`). */
  verify: JWTVerifyGetKey;
  /** The `iss` a token must carry. @default 'meshgraph' */
  issuer?: string;
  /** The `aud` a token must carry. @default 'meshgraph' */
  audience?: string;
  /** API keys accepted as `Authorization: ApiKey <key>` (`readApiKeys`). @default none */
  apiKeys?: ApiKeys;
  /** Tokens verified recently kept, each until it expires, so a client's repeated token is not verified again. @default 10_000 */
  cacheSize?: number;
}

/** Signature algorithms accepted: asymmetric only, so that no verifier can sign, and never `none`. */
const ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/**
 * Tells consumers from `Authorization` values: `Bearer <jwt>` verified with
 * jose (signature by a known key, `iss`, `aud`, `exp`, `nbf`), `ApiKey <key>`
 * looked up by its hash. No credentials is anonymous (undefined); anything
 * wrong rejects with `AuthenticationError`.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { verify, issuer = 'meshgraph', audience = 'meshgraph', apiKeys = new Map(), cacheSize = 10_000 } = options;
  const verified = new LRUCache<string, { consumer: Consumer; notBefore: number; expiresAt: number }>({ max: cacheSize });

  const bearer = async (token: string): Promise<Consumer> => {
    const now = Date.now() / 1000;
    const cached = verified.get(token);
    if (cached && cached.notBefore <= now && now < cached.expiresAt) return cached.consumer;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, verify, { issuer, audience, algorithms: ALGORITHMS, requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      throw new AuthenticationError(verificationFailure(error));
    }
    const consumer = consumerFromClaims(payload);
    verified.set(token, { consumer, notBefore: payload.nbf ?? 0, expiresAt: payload.exp! });
    return consumer;
  };

  return {
    async authenticate(credentials) {
      if (credentials === undefined || credentials.trim() === '') return undefined;
      const [scheme = '', value = '', ...rest] = credentials.trim().split(/\s+/);
      if (rest.length > 0 || value === '') throw new AuthenticationError(`the Authorization value is not "<scheme> <credentials>" (${credentials.length} characters)`);
      switch (scheme.toLowerCase()) {
        case 'bearer':
          return bearer(value);
        case 'apikey': {
          const consumer = apiKeys.get(hashApiKey(value));
          if (!consumer) throw new AuthenticationError('unknown API key');
          return consumer;
        }
        default:
          throw new AuthenticationError(`unknown Authorization scheme "${scheme.slice(0, 20)}"`);
      }
    },
  };
}

/** Why jose refused a token, in words for the log. */
function verificationFailure(error: unknown): string {
  if (error instanceof errors.JOSEError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
