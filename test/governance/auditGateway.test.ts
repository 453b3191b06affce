import { describe, expect, it } from 'vitest';
import type { Governance } from '../../governance/Governance.ts';
import { createAccessLog, createAuditTrail } from '../../governance/audit/index.ts';
import { createPseudonymiser } from '../../governance/enforcement/index.ts';
import { createAccessLogResolvers } from '../../governance/graphql/index.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { readMetric } from '../support/metrics.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';
import { createTempLog } from '../support/tempLog.ts';
import { testConsumer } from '../support/testCallers.ts';

const leftovers = useLeftovers();
const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';

/** Callers by the bearer value they send (tokens are identity's tests; here only who calls matters). */
const CALLERS = {
  analyst: testConsumer('analyst', { team: 'insights', regions: ['EU'] }),
  'listeners-owner': testConsumer('listeners-owner', { team: 'listeners', owns: ['listeners'], regions: ['EU'] }),
};
const bearer = (id: keyof typeof CALLERS) => ({ authorization: `Bearer ${id}` });

describe('the audit through the gateway', () => {
  it("the analyst reads listeners three times; the owner finds those reads in accessLog, the catalog names the analyst as a consumer, and /metrics counts them", async () => {
    const { log } = leftovers.track(await createTempLog());
    const audit = leftovers.track(createAuditTrail({ log, logger: captureLogger('audit') }));
    const accessLog = leftovers.track(createAccessLog({ log, logger: captureLogger('access-log') }));
    const governance: Governance = {
      policy: loadMeshPolicy(),
      authenticator: { authenticate: async (credentials) => (credentials ? CALLERS[credentials.replace(/^Bearer /, '') as keyof typeof CALLERS] : undefined) },
      agreements: { granted: () => undefined, list: () => [], onChange: () => () => undefined },
      audit,
      accessLog,
      pseudonymise: createPseudonymiser('audit-test-pseudonym-key'),
      resolvers: [createAccessLogResolvers(accessLog)],
    };
    const mesh = leftovers.track(await startMesh({ only: ['listeners'], data: SMALL_TEST_DATA, gateway: { supergraphPollMs: 0, governance } }));

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
});
