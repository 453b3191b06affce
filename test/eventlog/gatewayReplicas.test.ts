import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { startServiceProcess, type ServiceProcess } from '../support/serviceProcess.ts';

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const LISTENERS = 'query Emails { listeners(first: 2) { edges { node { id email } } } }';

/**
 * Two `meshgraph gateway` replicas, each in a process of its own, on one
 * data folder (as a newcomer may run them): both append to the
 * governance topics, so both take agreement mutations and both audit.
 */
describe('gateway replicas on one embedded log share the governance topics', () => {
  let mesh: GovernedMesh;
  let replicas: ServiceProcess[] = [];
  beforeAll(async () => {
    mesh = await startGovernedMesh({ only: ['listeners'], data: SMALL_TEST_DATA });
    const env = { MESHGRAPH_DATA_DIR: mesh.dataDir, MESHGRAPH_SUBGRAPHS: `listeners=${mesh.subgraphs.listeners.url}`, MESHGRAPH_LOG_LEVEL: 'warn' };
    replicas = await Promise.all(['replica-a', 'replica-b'].map((name) => startServiceProcess(name, ['gateway'], env)));
  }, 120_000);
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await mesh?.close();
  });
  const ask = async (replica: ServiceProcess, token: string, query: string, variables?: Record<string, unknown>) =>
    (await postGraphQL(replica.url, { query, ...(variables ? { variables } : {}) }, { authorization: token })).body as { data?: any; errors?: any[] };
  /** Asks `query` of `replica` until `done(answer)` holds: the replica follows the topics the other appends to. */
  const askUntil = async (replica: ServiceProcess, token: string, query: string, done: (answer: { data?: any; errors?: any[] }) => boolean) => {
    for (;;) {
      const answer = await ask(replica, token, query);
      if (done(answer)) return answer;
    }
  };

  it('each replica takes an agreement mutation, the other sees and decides it, and both replicas audit reads', async () => {
    const [a, b] = replicas as [ServiceProcess, ServiceProcess];
    const [analyst, web, owner] = await Promise.all([mesh.token('analyst'), mesh.token('charts-web'), mesh.token('listeners-owner')]);
    const request = 'mutation($urn: ID!, $purpose: String!) { requestAccess(urn: $urn, purpose: $purpose, justification: "replicas test") { id status } }';

    const viaA = await ask(a, analyst, request, { urn: PROFILES, purpose: 'customer-support' });
    const viaB = await ask(b, web, request, { urn: PROFILES, purpose: 'analytics' });
    expect(viaA.errors).toBeUndefined();
    expect(viaB.errors).toBeUndefined();
    const [first, second] = [viaA.data.requestAccess.id as string, viaB.data.requestAccess.id as string];

    // Each replica decides the agreement the other one took, once it has read it from the topic.
    const listed = `{ accessAgreements(urn: "${PROFILES}") { id status } }`;
    const seen = (id: string) => (answer: { data?: any }) => answer.data?.accessAgreements?.some((agreement: { id: string }) => agreement.id === id);
    await askUntil(b, owner, listed, seen(first));
    await askUntil(a, owner, listed, seen(second));
    const approve = 'mutation($id: ID!) { approveAccess(agreement: $id) { status } }';
    const approvedOnB = await ask(b, owner, approve, { id: first });
    const approvedOnA = await ask(a, owner, approve, { id: second });
    expect(approvedOnB.errors).toBeUndefined();
    expect(approvedOnA.errors).toBeUndefined();
    expect([approvedOnB.data.approveAccess.status, approvedOnA.data.approveAccess.status]).toEqual(['approved', 'approved']);

    // The analyst reads through A, the web app through B: the audit (read through either) has both.
    expect((await ask(a, analyst, LISTENERS)).errors).toBeUndefined();
    expect((await ask(b, web, LISTENERS)).data?.listeners?.edges).toHaveLength(2);
    const audited = `{ accessLog(urn: "${PROFILES}") { consumer operationName } }`;
    const both = (answer: { data?: any }) => {
      const reads = (answer.data?.accessLog ?? []).filter((record: { operationName: string | null }) => record.operationName === 'Emails');
      return ['analyst', 'charts-web'].every((consumer) => reads.some((record: { consumer: string }) => record.consumer === consumer));
    };
    await askUntil(a, owner, audited, both);
    await askUntil(b, owner, audited, both);
    for (const replica of replicas) expect(replica.output().text()).not.toMatch(/TopicLockedError|locked for appending/);
  }, 120_000);
});
