import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessAgreement } from '../../governance/AccessAgreement.ts';
import type { Governance } from '../../governance/Governance.ts';
import { createAccessLog, createAuditTrail } from '../../governance/audit/index.ts';
import { createPseudonymiser } from '../../governance/enforcement/index.ts';
import { createAccessLogResolvers } from '../../governance/graphql/index.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { readMetric } from '../support/metrics.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../support/mesh.ts';
import { createTempLog } from '../support/tempLog.ts';
import { testConsumer } from '../support/testCallers.ts';

const leftovers = useLeftovers('file');
const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';

/** Callers by the bearer value they send (tokens are identity's tests; here only who calls matters). */
const CALLERS = {
  analyst: testConsumer('analyst', { team: 'insights', regions: ['EU'] }),
  'listeners-owner': testConsumer('listeners-owner', { team: 'listeners', owns: ['listeners'], regions: ['EU'] }),
  // Support outside the EU: an agreement for personal data, but no EU region.
  'support-us': testConsumer('support-us', { team: 'support', regions: [] }),
};
const bearer = (id: keyof typeof CALLERS) => ({ authorization: `Bearer ${id}` });
/** support-us's agreement on every product, for a purpose that allows personal data. */
const supportAgreement = (urn: string): AccessAgreement => ({
  id: `agr-support-${urn}`,
  urn,
  consumer: 'support-us',
  purpose: 'customer-support',
  justification: 'answering listeners',
  status: 'approved',
  requestedAt: '2026-11-01T00:00:00.000Z',
  decidedAt: '2026-11-01T00:00:00.000Z',
  decidedBy: 'listeners-owner',
  expiresAt: '2099-01-01T00:00:00.000Z',
});

describe('the audit through the gateway', () => {
  let mesh: TestMesh<'listeners'>;
  let audit: ReturnType<typeof createAuditTrail>;
  beforeAll(async () => {
    const { log } = leftovers.track(await createTempLog());
    audit = leftovers.track(createAuditTrail({ log, logger: captureLogger('audit') }));
    const accessLog = leftovers.track(createAccessLog({ log, logger: captureLogger('access-log') }));
    const governance: Governance = {
      policy: loadMeshPolicy(),
      authenticator: { authenticate: async (credentials) => (credentials ? CALLERS[credentials.replace(/^Bearer /, '') as keyof typeof CALLERS] : undefined) },
      agreements: { granted: (consumer, urn) => (consumer === 'support-us' ? supportAgreement(urn) : undefined), list: () => [], onChange: () => () => undefined },
      audit,
      accessLog,
      pseudonymise: createPseudonymiser('audit-test-pseudonym-key'),
      resolvers: [createAccessLogResolvers(accessLog)],
    };
    mesh = leftovers.track(await startMesh({ only: ['listeners'], data: SMALL_TEST_DATA, gateway: { supergraphPollMs: 0, governance } }));
  });
  /** A caller's access records of listener-profiles, newest first, as its owner reads them once the audit appended them. */
  const accessRecords = async (consumer: keyof typeof CALLERS) => {
    await audit.flush();
    const asOwner = await postGraphQL(
      mesh.gateway.url,
      { query: `{ accessLog(urn: "${PROFILES}", consumer: "${consumer}") { consumer urn path decision operationName fields restricted { field decision rule } } }` },
      bearer('listeners-owner'),
    );
    expect(asOwner.body.errors).toBeUndefined();
    return asOwner.body.data?.['accessLog'] as { decision: string; operationName: string; restricted: { field: string; decision: string; rule: string }[] }[];
  };

  it("the analyst reads listeners three times; the owner finds those reads in accessLog, the catalog names the analyst as a consumer, and /metrics counts them", async () => {

    for (let i = 0; i < 3; i++) {
      const read = await postGraphQL(mesh.gateway.url, { query: 'query Emails { listeners(first: 2) { edges { node { id email } } } }' }, bearer('analyst'));
      expect(read.body.data?.['listeners']?.edges).toHaveLength(2);
    }
    await audit.flush();

    const asOwner = await postGraphQL(
      mesh.gateway.url,
      { query: `{ accessLog(urn: "${PROFILES}", consumer: "analyst") { consumer urn path decision operationName fields restricted { field decision } } }` },
      bearer('listeners-owner'),
    );
    expect(asOwner.body.errors).toBeUndefined();
    const records = asOwner.body.data?.['accessLog'];
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ consumer: 'analyst', urn: PROFILES, path: 'query', decision: 'masked', operationName: 'Emails' });
    expect(records[0].restricted).toContainEqual(expect.objectContaining({ field: 'Listener.email', decision: 'masked' }));

    const asAnalyst = await postGraphQL(mesh.gateway.url, { query: `{ accessLog(urn: "${PROFILES}") { consumer } }` }, bearer('analyst'));
    expect(asAnalyst.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    const product = await postGraphQL(mesh.gateway.url, { query: `{ dataProduct(urn: "${PROFILES}") { figures { consumers { clientName paths count } } } }` }, bearer('listeners-owner'));
    expect(product.body.data?.['dataProduct']?.figures?.consumers).toContainEqual({ clientName: 'analyst', paths: ['query'], count: 3 });

    expect(await readMetric(mesh.gateway.url, 'meshgraph_audit_records_appended_total')).toBeGreaterThanOrEqual(3);
    expect(await readMetric(mesh.gateway.url, 'meshgraph_audit_records_dropped_total')).toBe(0);
  });

  it('a read whose EU rows the row rule masked is audited as masked, naming the rule, and one with nothing to mask as allowed', async () => {
    const read = await postGraphQL(mesh.gateway.url, { query: 'query SupportEmails { listeners(first: 40) { edges { node { id country email } } } }' }, bearer('support-us'));
    const rows = read.body.data?.['listeners']?.edges.map((edge: { node: { email: string | null } }) => edge.node) as { email: string | null }[];
    expect(rows.some((row) => row.email === null) && rows.some((row) => row.email !== null), 'the page mixes EU and other listeners').toBe(true);
    const [masked] = await accessRecords('support-us');
    expect(masked).toMatchObject({ operationName: 'SupportEmails', decision: 'masked' });
    expect(masked!.restricted).toContainEqual({ field: 'Listener.email', decision: 'masked', rule: 'eu-personal-data-stays-in-eu' });

    // No personal field asked for: the row rule has nothing to mask.
    const ids = await postGraphQL(mesh.gateway.url, { query: 'query SupportIds { listeners(first: 40) { edges { node { id } } } }' }, bearer('support-us'));
    expect(ids.body.errors).toBeUndefined();
    const [allowed] = await accessRecords('support-us');
    expect(allowed).toMatchObject({ operationName: 'SupportIds', decision: 'allowed', restricted: [] });
  });
});
