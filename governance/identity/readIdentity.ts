import { readString, type Env } from '../../config/index.ts';
import type { Authenticator } from '../Governance.ts';
import { createAuthenticator } from './createAuthenticator.ts';
import { createServiceCredential, type ServiceCredential } from './createServiceCredential.ts';
import { readApiKeys } from './readApiKeys.ts';
import { readTokenKeys, type TokenKeys } from './readTokenKeys.ts';

/** How a process of the mesh tells consumers, and proves who it is to the others. */
export interface Identity {
  keys: TokenKeys;
  /** Tokens of `issuer` for `audience` verified with `keys`, and the API keys of `MESHGRAPH_API_KEYS_FILE`. */
  authenticator: Authenticator;
  /** `iss` of the tokens the mesh issues and accepts. */
  issuer: string;
  /** `aud` of the tokens the mesh issues and accepts. */
  audience: string;
  /** The gateway's short-lived token to the domains; none when the keys cannot sign (a JWKS without `MESHGRAPH_SIGNING_KEY_FILE`). */
  credential: ServiceCredential | undefined;
}

/**
 * The identity settings, the same in every process of the mesh: token keys
 * (`readTokenKeys`: `MESHGRAPH_JWKS_URL`, `MESHGRAPH_JWKS_FILE`,
 * `MESHGRAPH_SIGNING_KEY_FILE`, else the development key in the data
 * folder), `MESHGRAPH_TOKEN_ISSUER` and `MESHGRAPH_TOKEN_AUDIENCE` (both
 * `meshgraph` by default) and `MESHGRAPH_API_KEYS_FILE`.
 */
export async function readIdentity(env: Env): Promise<Identity> {
  const keys = await readTokenKeys(env);
  const issuer = readString(env, 'MESHGRAPH_TOKEN_ISSUER', 'meshgraph');
  const audience = readString(env, 'MESHGRAPH_TOKEN_AUDIENCE', 'meshgraph');
  const authenticator = createAuthenticator({ verify: keys.verify, issuer, audience, apiKeys: await readApiKeys(env) });
  const credential = keys.signing && createServiceCredential({ signing: keys.signing, issuer, audience });
  return { keys, authenticator, issuer, audience, credential };
}
