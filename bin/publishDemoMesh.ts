import type { Env } from '../config/index.ts';
import { DEMO_CONSUMERS } from '../demo/index.ts';
import { fetchSubgraphSdl } from '../gateway/fetchSubgraphSdl.ts';
import { claimsOf, issueToken, readIdentity } from '../governance/identity/index.ts';
import { REGISTRY_PATH, type Publication, type PublishResult } from '../registry/index.ts';
import type { DiscoveredDataProduct } from '../schema/index.ts';

/** A running domain of the demo mesh. */
export interface RunningDomain {
  name: string;
  /** Its `/graphql`. */
  url: string;
}

/**
 * What the running demo domains publish: each one's SDL as it serves it
 * (asked with its owner's development credentials) and its descriptors (its
 * discovery port); and a development token of governance, which may publish
 * them all at once.
 */
export async function readDemoPublications(domains: readonly RunningDomain[], env: Env, version = 'demo'): Promise<{ publications: Publication[]; authorization: string }> {
  const identity = await readIdentity(env);
  const signing = identity.keys.signing;
  if (!signing) throw new Error('npm start publishes the demo domains with development credentials, but only a key set to verify with is given (MESHGRAPH_JWKS_URL or MESHGRAPH_JWKS_FILE).');
  const token = async (consumer: string) => `Bearer ${await issueToken(claimsOf(DEMO_CONSUMERS[consumer]!), signing, { ttlSeconds: 300, issuer: identity.issuer, audience: identity.audience })}`;
  const publications = await Promise.all(
    domains.map(async ({ name, url }): Promise<Publication> => {
      const owner = await token(`${name}-owner`);
      const sdl = await fetchSubgraphSdl({ name, url }, { authorization: async () => owner });
      const response = await fetch(new URL('/data-products', url), { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`the discovery port of "${name}" answered HTTP ${response.status}`);
      const { dataProducts } = (await response.json()) as { dataProducts: DiscoveredDataProduct[] };
      return { name, url, sdl, descriptors: dataProducts.map(({ figures: _figures, ...descriptor }) => descriptor), version };
    }),
  );
  return { publications, authorization: await token('governance') };
}

/**
 * Publishes the running demo domains to the gateway's registry, as
 * `npm start` does once they are up (`readDemoPublications`), all in one
 * publication, as governance: the demo domains refer to each other's
 * polysemes, so none composes alone. Resolves with the gateway's answer;
 * rejects when it cannot be asked.
 */
export async function publishDemoMesh(gatewayUrl: string, domains: readonly RunningDomain[], env: Env, version = 'demo'): Promise<PublishResult> {
  const { publications, authorization } = await readDemoPublications(domains, env, version);
  const response = await fetch(new URL(REGISTRY_PATH, gatewayUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(publications),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await response.json()) as PublishResult & { errors?: { message: string }[] };
  if (!Array.isArray(body.reports)) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body;
}
