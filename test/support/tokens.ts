import type { Env } from '../../config/index.ts';
import { claimsOf, issueToken, readTokenKeys } from '../../governance/identity/index.ts';

/**
 * `Authorization` of the owner of `domain`, signed with the key of the mesh
 * that runs with `env` (the development key of its data folder): what a test
 * sends to a domain's own port, which answers only the gateway and its owners.
 */
export async function ownerAuthorization(env: Env, domain: string): Promise<{ authorization: string }> {
  const { signing } = await readTokenKeys(env);
  const owner = { id: `${domain}-owner`, kind: 'person', team: domain, owns: [domain], scopes: [], regions: [] } as const;
  return { authorization: `Bearer ${await issueToken(claimsOf(owner), signing!, { ttlSeconds: 600 })}` };
}
