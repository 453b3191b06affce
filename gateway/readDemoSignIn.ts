import { ConfigError, type Env } from '../config/index.ts';

/** The values `MESHGRAPH_DEMO_SIGN_IN` takes. */
const SETTINGS = ['on', 'off'] as const;

/**
 * Whether the gateway signs anyone in as a demo consumer
 * (`MESHGRAPH_DEMO_SIGN_IN`). Unset, it is on only while the mesh signs with
 * the development key (none of `MESHGRAPH_JWKS_URL`, `MESHGRAPH_JWKS_FILE`,
 * `MESHGRAPH_SIGNING_KEY_FILE`): a mesh with real keys never hands out tokens
 * unless asked to. `on` turns it on with `MESHGRAPH_SIGNING_KEY_FILE` too (a
 * staging demo); `off` turns it off. Throws `ConfigError` for any other value,
 * and for `on` when no key can sign.
 */
export function readDemoSignIn(env: Env): boolean {
  const value = env['MESHGRAPH_DEMO_SIGN_IN']?.trim() ?? '';
  const set = (name: string) => !!env[name]?.trim();
  const developmentKey = !set('MESHGRAPH_JWKS_URL') && !set('MESHGRAPH_JWKS_FILE') && !set('MESHGRAPH_SIGNING_KEY_FILE');
  if (value === '') return developmentKey;
  if (!(SETTINGS as readonly string[]).includes(value)) {
    throw new ConfigError(`MESHGRAPH_DEMO_SIGN_IN must be ${SETTINGS.map((s) => `"${s}"`).join(' or ')} (or unset: on only with the development key), but is "${value}".`);
  }
  if (value === 'off') return false;
  if (!developmentKey && !set('MESHGRAPH_SIGNING_KEY_FILE')) {
    throw new ConfigError(
      'MESHGRAPH_DEMO_SIGN_IN is "on", but the gateway has no key to sign demo tokens with: only a key set to verify with is given (MESHGRAPH_JWKS_URL or MESHGRAPH_JWKS_FILE). Set MESHGRAPH_SIGNING_KEY_FILE too, or MESHGRAPH_DEMO_SIGN_IN=off.',
    );
  }
  return true;
}
