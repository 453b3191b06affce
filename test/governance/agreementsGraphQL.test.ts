import { graphql, type GraphQLSchema } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCatalogSchema, type MeshCatalog } from '../../gateway/catalog/index.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import type { Governance } from '../../governance/Governance.ts';
import { createAgreementBook, type AgreementProduct } from '../../governance/agreements/index.ts';
import { createAgreementResolvers } from '../../governance/graphql/index.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';
import { createTempLog } from '../support/tempLog.ts';
import { testConsumer } from '../support/testCallers.ts';

const leftovers = useLeftovers();
const POLICY = loadMeshPolicy();
const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';
const PRODUCTS: Record<string, AgreementProduct> = {
  [PROFILES]: { domain: 'listeners', autoApprove: [] },
  [PLAYS]: { domain: 'podcasts', autoApprove: [] },
};
const NO_CATALOG: MeshCatalog = { entries: async () => [], entry: async () => undefined, polysemes: () => [] };

const consumer = testConsumer;
const analyst = consumer('analyst', { team: 'insights', regions: ['EU'] });
const chartsWeb = consumer('charts-web', { kind: 'application' });
const listenersOwner = consumer('listeners-owner', { owns: ['listeners'] });

const AGREEMENT = 'id urn consumer purpose justification status requestedAt requestedDays decidedAt decidedBy reason expiresAt';
const REQUEST = `mutation Ask($urn: ID!, $purpose: String!) { requestAccess(urn: $urn, purpose: $purpose, justification: "Answering a listener's ticket.", days: 14) { ${AGREEMENT} } }`;

describe('access agreements through the graph', () => {
  let schema: GraphQLSchema;
  /** Runs an operation on the catalog subgraph as `caller`, as the gateway runs it in-process with its context. */
  const as = (caller: Consumer | undefined, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: { consumer: caller } });

  beforeEach(async () => {
    const { log } = leftovers.track(await createTempLog());
    const book = leftovers.track(createAgreementBook({ log, policy: POLICY, products: (urn) => PRODUCTS[urn], logger: captureLogger('agreements') }));
    schema = createCatalogSchema({ catalog: NO_CATALOG, exportUrl: () => '', governance: [createAgreementResolvers({ book, policy: POLICY })] });
  });

  it('the analyst asks for access to listener-profiles, its owner approves, and both see the agreement', async () => {
    const me = await as(analyst, '{ me { id kind team owns scopes regions } }');
    expect(me).toEqual({ data: { me: { id: 'analyst', kind: 'person', team: 'insights', owns: [], scopes: [], regions: ['EU'] } } });
    const purposes = await as(analyst, '{ accessPurposes { name pii description } }');
    expect(purposes.data?.['accessPurposes']).toContainEqual({ name: 'customer-support', pii: true, description: POLICY.purposes['customer-support']!.description });

    const asked = await as(analyst, REQUEST, { urn: PROFILES, purpose: 'customer-support' });
    expect(asked.errors).toBeUndefined();
    const requested = (asked.data as { requestAccess: { id: string; status: string } }).requestAccess;
    expect(requested).toMatchObject({ urn: PROFILES, consumer: 'analyst', status: 'requested', requestedDays: 14, decidedBy: null });

    const waiting = await as(listenersOwner, '{ accessAgreements(status: requested) { id consumer purpose } }');
    expect(waiting.data).toEqual({ accessAgreements: [{ id: requested.id, consumer: 'analyst', purpose: 'customer-support' }] });
    const approved = await as(listenersOwner, `mutation { approveAccess(agreement: "${requested.id}", days: 7, reason: "Ticket 4711") { status decidedBy reason expiresAt } }`);
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.['approveAccess']).toMatchObject({ status: 'approved', decidedBy: 'listeners-owner', reason: 'Ticket 4711' });

    const mine = await as(analyst, '{ accessAgreements { id status } }');
    expect(mine.data).toEqual({ accessAgreements: [{ id: requested.id, status: 'approved' }] });
    const revoked = await as(analyst, `mutation { revokeAccess(agreement: "${requested.id}", reason: "Ticket closed.") { status } }`);
    expect(revoked.data).toEqual({ revokeAccess: { status: 'revoked' } });
  });

  it("a consumer sees its own agreements and those on the domains it owns, nobody else's", async () => {
    await as(analyst, REQUEST, { urn: PROFILES, purpose: 'customer-support' });
    await as(chartsWeb, REQUEST, { urn: PLAYS, purpose: 'analytics' });
    const seen = async (caller: Consumer) => ((await as(caller, '{ accessAgreements { consumer urn } }')).data as { accessAgreements: unknown[] }).accessAgreements;
    expect(await seen(analyst)).toEqual([{ consumer: 'analyst', urn: PROFILES }]);
    expect(await seen(chartsWeb)).toEqual([{ consumer: 'charts-web', urn: PLAYS }]);
    expect(await seen(listenersOwner)).toEqual([{ consumer: 'analyst', urn: PROFILES }]);
    expect(await seen(consumer('governance-team', { scopes: ['governance'] }))).toHaveLength(2);
  });

  it('refusals come back as errors with their code', async () => {
    const codeOf = async (caller: Consumer | undefined, source: string, variables?: Record<string, unknown>) => (await as(caller, source, variables)).errors?.map((e) => e.extensions['code']);
    expect(await codeOf(undefined, REQUEST, { urn: PROFILES, purpose: 'customer-support' })).toEqual(['UNAUTHENTICATED']);
    expect(await codeOf(undefined, '{ accessAgreements { id } }')).toEqual(['UNAUTHENTICATED']);
    expect(await codeOf(analyst, REQUEST, { urn: 'urn:meshgraph:listeners:nothing:v1', purpose: 'analytics' })).toEqual(['UNKNOWN_DATA_PRODUCT']);
    const unknownPurpose = await as(analyst, REQUEST, { urn: PROFILES, purpose: 'marketing' });
    expect(unknownPurpose.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
    expect(unknownPurpose.errors?.[0]?.message).toContain('"marketing" is not a purpose of the mesh policy');
    const { data } = await as(analyst, REQUEST, { urn: PROFILES, purpose: 'customer-support' });
    const id = (data as { requestAccess: { id: string } }).requestAccess.id;
    expect(await codeOf(analyst, `mutation { approveAccess(agreement: "${id}") { id } }`)).toEqual(['FORBIDDEN']);
    expect(await codeOf(listenersOwner, `mutation { rejectAccess(agreement: "${id}", reason: "") { id } }`)).toEqual(['BAD_USER_INPUT']);
    expect((await as(undefined, '{ me { id } }')).data).toEqual({ me: null });
  });
});

describe('the governance fields of a governed gateway', () => {
  it('are served by the resolvers governance brings', async () => {
    const { log } = leftovers.track(await createTempLog());
    const book = leftovers.track(createAgreementBook({ log, policy: POLICY, products: (urn) => PRODUCTS[urn], logger: captureLogger('agreements') }));
    const governance: Governance = {
      policy: POLICY,
      authenticator: { authenticate: async () => undefined },
      agreements: book,
      audit: { record: () => undefined },
      pseudonymise: (value) => `pseudonym-${String(value)}`,
      resolvers: [createAgreementResolvers({ book, policy: POLICY })],
    };
    const mesh = leftovers.track(await startMesh({ only: ['listeners'], data: SMALL_TEST_DATA, gateway: { supergraphPollMs: 0, governance } }));
    const purposes = await postGraphQL(mesh.gateway.url, { query: '{ accessPurposes { name pii } }' });
    expect(purposes.body.errors).toBeUndefined();
    expect(purposes.body.data?.['accessPurposes']).toEqual(Object.entries(POLICY.purposes).map(([name, { pii }]) => ({ name, pii })));
    const anonymous = await postGraphQL(mesh.gateway.url, { query: REQUEST, variables: { urn: PROFILES, purpose: 'customer-support' } });
    expect(anonymous.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining('Anonymous callers cannot request access') });
  });
});

describe('the governance fields of a gateway without governance', () => {
  it('are in the composed graph and say that governance is off', async () => {
    const mesh = leftovers.track(await startMesh({ only: ['listeners'], data: SMALL_TEST_DATA, gateway: { supergraphPollMs: 0 } }));
    const { body } = await postGraphQL(mesh.gateway.url, { query: `mutation { requestAccess(urn: "${PROFILES}", purpose: "analytics", justification: "Reports.") { id } }` });
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(body.errors?.[0]?.message).toContain('Governance is off on this gateway, so "Mutation.requestAccess" has no consumers, agreements or audit to serve.');
    const purposes = await postGraphQL(mesh.gateway.url, { query: '{ accessPurposes { name } }' });
    expect(purposes.body.errors?.[0]?.extensions?.['code']).toBe('SERVICE_UNAVAILABLE');
  });
});
