import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestDomains } from '../support/mesh.ts';
import { createSubgraphServer } from '../../subgraphs/kit/index.ts';
import { loadMeshPolicy, MESH_POLICY_FILE, parseMeshPolicy, PolicyError } from '../../governance/policy/index.ts';

/** The repository's policy, changed by `change`, as parsed YAML. */
function policyWith(change: (policy: Record<string, any>) => void): unknown {
  const policy = parse(readFileSync(MESH_POLICY_FILE, 'utf8')) as Record<string, any>;
  change(policy);
  return policy;
}

describe('the mesh policy: one file, validated at start-up', () => {
  it('the repository policy loads: four classifications, purposes that say whether they allow personal data, floors and a row rule', () => {
    const policy = loadMeshPolicy();
    expect(policy.classifications.pii).toEqual({ rule: 'pii-needs-purpose', requires: 'pii-agreement' });
    expect(policy.classifications.public.requires).toBe('anyone');
    expect(policy.purposes['customer-support']?.pii).toBe(true);
    expect(policy.purposes['analytics']?.pii).toBe(false);
    expect(policy.floors.map((f) => f.rule)).toContain('contact-details-are-pii');
    expect(policy.rowRules[0]).toMatchObject({ type: 'Listener', field: 'country', region: 'EU' });
  });

  it.each([
    ['an unknown requirement, with a suggestion', (p: any) => (p.classifications.pii.requires = 'agreemnt'), /classifications\.pii\.requires must be one of anyone, authenticated, agreement, pii-agreement, but is "agreemnt"\. Did you mean "agreement"/],
    ['a sensitive classification requiring less than a lighter one', (p: any) => (p.classifications.pii.requires = 'authenticated'), /classifications\.pii\.requires \("authenticated"\) is less than confidential's \("agreement"\)/],
    ['a misspelt key', (p: any) => (p.purpuses = {}), /purpuses is not a policy key.*Did you mean "purposes"/],
    ['a purpose without a pii flag', (p: any) => delete p.purposes.analytics.pii, /purposes\.analytics\.pii must be true or false/],
    ['a row rule naming no region', (p: any) => (p.rowRules[0].region = 'EEA'), /rowRules\[0\]\.region names region "EEA", which `regions` does not list/],
    ['a malformed floor', (p: any) => (p.floors[0].field = 'email'), /floors\[0\]\.field must be "Type\.field", "\*\.field" or "Type\.\*", but is "email"/],
    ['two rules with one name', (p: any) => (p.floors[1].rule = p.floors[0].rule), /must be unique, but "contact-details-are-pii" names two rules/],
    ['a country that is not a code', (p: any) => p.regions.EU.push('Germany'), /regions\.EU\[27\] must be an ISO 3166-1 alpha-2 code/],
  ])('refuses %s, naming the file and the key', (_label, change, message) => {
    expect(() => parseMeshPolicy(policyWith(change), 'mesh-policy.yaml')).toThrow(PolicyError);
    expect(() => parseMeshPolicy(policyWith(change), 'mesh-policy.yaml')).toThrow(message);
  });

  it('MESHGRAPH_POLICY_FILE that cannot be read is a start-up error naming it', () => {
    expect(() => loadMeshPolicy({ MESHGRAPH_POLICY_FILE: '/nonexistent/policy.yaml' })).toThrow(/The mesh policy file "\/nonexistent\/policy\.yaml" cannot be read/);
  });
});

describe('a domain may tighten the mesh policy, never weaken it', () => {
  it('a domain that classifies e-mail addresses below pii does not start, naming the rule and the field', async () => {
    const { listeners } = createTestDomains();
    const [profiles] = listeners.dataProducts;
    const weakened = { ...listeners, dataProducts: [{ ...profiles!, classification: { default: 'internal' as const, fields: { 'Listener.birthYear': 'pii' as const } } }] };
    await expect(createSubgraphServer({ domain: weakened })).rejects.toThrow(
      /field "Listener\.email" is classified internal, but mesh rule "contact-details-are-pii" \(.*mesh-policy\.yaml\) requires at least pii; a domain may tighten the mesh policy, never weaken it/,
    );
  });

  it('the classifications travel in the subgraph SDL, so the supergraph carries them', async () => {
    const { listeners } = createTestDomains();
    const server = await createSubgraphServer({ domain: { ...listeners, start: undefined } });
    try {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
      const { data } = (await response.json()) as { data: { _service: { sdl: string } } };
      expect(data._service.sdl).toContain('@composeDirective(name: "@classified")');
      expect(data._service.sdl).toMatch(/email: String @classified\(level: "pii", product: "urn:meshgraph:listeners:listener-profiles:v1", explicit: true, pseudonymise: true\)/);
      expect(data._service.sdl).toMatch(/listeners\([\s\S]*?\): ListenerConnection[^\n]*@classified\(level: "internal"/);
    } finally {
      await server.close();
    }
  });
});
