import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';

/**
 * The story, all through the gateway: the analyst gets a token, finds
 * listener-profiles, sees e-mail is PII and masked for them, asks for access
 * with a purpose, the owner approves, the analyst reads the addresses, and
 * the owner finds those reads in the audit.
 */
describe('a newcomer asks for personal data and gets it the governed way', () => {
  let mesh: GovernedMesh;
  beforeAll(async () => {
    mesh = await startGovernedMesh();
  });
  afterAll(() => mesh?.close());
  const ask = async (token: string, query: string, variables?: Record<string, unknown>) => (await postGraphQL(mesh.gateway.url, { query, ...(variables ? { variables } : {}) }, { authorization: token })).body;

  it('from masked to granted to audited', async () => {
    const analyst = await mesh.token('analyst');
    const owner = await mesh.token('listeners-owner');

    const found = await ask(analyst, `{ dataProducts(search: "listener profiles") { dataProduct { urn owner { name } access { complete howToRequest fields { field classification decision } } } } }`);
    const profiles = (found.data as any).dataProducts.find((m: any) => m.dataProduct.urn === PROFILES).dataProduct;
    expect(profiles.owner.name).toBe('Amara Okafor');
    expect(profiles.access.complete).toBe(false);
    expect(profiles.access.fields).toContainEqual({ field: 'Listener.email', classification: 'pii', decision: 'masked' });
    expect(profiles.access.howToRequest).toMatch(/requestAccess\(urn: "urn:meshgraph:listeners:listener-profiles:v1"/);

    const LISTENERS = '{ listeners(first: 3) { edges { node { id country email } } } }';
    const masked = await ask(analyst, LISTENERS);
    const nodes = (masked.data as any).listeners.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n: any) => n.email === null && typeof n.country === 'string')).toBe(true);
    expect(masked.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'pii-needs-purpose', field: 'Listener.email', urn: PROFILES, classification: 'pii' });

    const requested = await ask(analyst, `mutation { requestAccess(urn: "${PROFILES}", purpose: "customer-support", justification: "Answering a listener's ticket") { id status } }`);
    const agreement = (requested.data as any).requestAccess;
    expect(agreement.status).toBe('requested');
    const approved = await ask(owner, `mutation($id: ID!) { approveAccess(agreement: $id) { status expiresAt } }`, { id: agreement.id });
    expect((approved.data as any).approveAccess.status).toBe('approved');

    const granted = await ask(analyst, LISTENERS);
    expect(granted.errors).toBeUndefined();
    expect((granted.data as any).listeners.edges.every((e: any) => /@/.test(e.node.email))).toBe(true);

    await mesh.governance.audit.flush?.();
    const log = await ask(owner, `{ accessLog(urn: "${PROFILES}", consumer: "analyst") { consumer fields decision path agreement purpose } }`);
    const reads = (log.data as any).accessLog;
    expect(reads[0]).toMatchObject({ consumer: 'analyst', decision: 'allowed', path: 'query', agreement: agreement.id, purpose: 'customer-support' });
    expect(reads[0].fields).toContain('Listener.email');
    expect(reads.some((r: any) => r.decision === 'masked')).toBe(true);

    const refused = await ask(analyst, `{ accessLog(urn: "${PROFILES}") { consumer } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
