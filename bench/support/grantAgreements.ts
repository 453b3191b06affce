import { DEMO_CONSUMERS } from '../../demo/index.ts';
import { productDomain } from '../../governance/agreements/index.ts';
import { claimsOf, issueToken, readTokenKeys } from '../../governance/identity/index.ts';

/** Issues demo consumers' tokens with the development key in a data folder. */
export interface DemoTokens {
  /** `Bearer …` for a demo consumer by id, valid a day. */
  bearer(consumer: string): Promise<string>;
}

/** The demo consumers' tokens, signed with the key the domains of `dataDir` (and a gateway on it) verify. */
export async function demoTokens(dataDir: string): Promise<DemoTokens> {
  const { signing } = await readTokenKeys({ MESHGRAPH_DATA_DIR: dataDir });
  return {
    async bearer(id) {
      const consumer = DEMO_CONSUMERS[id];
      if (!consumer) throw new Error(`No demo consumer "${id}".`);
      return `Bearer ${await issueToken(claimsOf(consumer), signing!, { ttlSeconds: 86_400 })}`;
    },
  };
}

interface Answer {
  data?: Record<string, { id: string; status: string } | undefined> | null;
  errors?: { message: string; extensions?: { code?: string; urn?: string } }[];
}

const post = async (url: string, authorization: string, query: string, variables?: Record<string, unknown>): Promise<Answer> => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as Answer;
};

/**
 * Gives `consumer` approved agreements, for `purpose`, on every data product
 * whose fields a governed gateway masks for it in the request `body`: it asks
 * through the gateway's `requestAccess`, and each product's owner
 * (`<domain>-owner`) approves with `approveAccess`. Resolves with the URNs
 * once the request comes back without an error; fails saying what is still
 * masked otherwise.
 */
export async function grantAgreements(url: string, tokens: DemoTokens, consumer: string, purpose: string, body: string): Promise<string[]> {
  const authorization = await tokens.bearer(consumer);
  const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
  const maskedProducts = async () => {
    const { errors = [] } = await post(url, authorization, query, variables);
    const unexpected = errors.find((e) => e.extensions?.code !== 'FORBIDDEN' || !e.extensions.urn);
    if (unexpected) throw new Error(`The query as ${consumer} failed: ${unexpected.message}`);
    return [...new Set(errors.map((e) => e.extensions!.urn!))];
  };
  const urns = await maskedProducts();
  for (const urn of urns) {
    const asked = await post(url, authorization, 'mutation Ask($urn: ID!, $purpose: String!) { requestAccess(urn: $urn, purpose: $purpose, justification: "Benchmark of governance.") { id status } }', { urn, purpose });
    const agreement = asked.data?.['requestAccess'];
    if (!agreement) throw new Error(`requestAccess of ${urn} for ${consumer} failed: ${JSON.stringify(asked.errors)}`);
    if (agreement.status === 'approved') continue;
    const owner = await tokens.bearer(`${productDomain(urn)}-owner`);
    const approved = await post(url, owner, 'mutation Approve($id: ID!) { approveAccess(agreement: $id) { id status } }', { id: agreement.id });
    if (approved.data?.['approveAccess']?.status !== 'approved') throw new Error(`approveAccess of ${urn} for ${consumer} failed: ${JSON.stringify(approved.errors)}`);
  }
  const still = await maskedProducts();
  if (still.length > 0) throw new Error(`With agreements on ${urns.join(', ')}, ${consumer} still has fields of ${still.join(', ')} masked.`);
  return urns;
}
