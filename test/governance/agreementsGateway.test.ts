import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessAgreement } from '../../governance/AccessAgreement.ts';
import type { AgreementBook } from '../../governance/Governance.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const EMAILS = '{ listeners(first: 2) { edges { node { id email } } } }';

/** The next agreement change `book` announces that matches. */
const nextChange = (book: AgreementBook, match: (agreement: AccessAgreement) => boolean) =>
  new Promise<AccessAgreement>((resolve) => {
    const stop = book.onChange((agreement) => {
      if (!match(agreement)) return;
      stop();
      resolve(agreement);
    });
  });

describe('access agreements across gateway replicas', () => {
  let mesh: GovernedMesh;
  beforeAll(async () => {
    mesh = await startGovernedMesh({ only: ['listeners'] });
  });
  afterAll(() => mesh?.close());
  const ask = async (url: string, token: string, query: string) => (await postGraphQL(url, { query }, { authorization: token })).body;
  const emailsOf = (body: Awaited<ReturnType<typeof ask>>) => (body.data as any).listeners.edges.map((e: any) => e.node.email);

  it('an agreement approved on one gateway opens the data on a replica started later, and its revocation closes it there at once', async () => {
    const analyst = await mesh.token('analyst');
    const owner = await mesh.token('listeners-owner');
    const requested = await ask(mesh.gateway.url, analyst, `mutation { requestAccess(urn: "${PROFILES}", purpose: "customer-support", justification: "Answering a listener's ticket.") { id } }`);
    const { id } = (requested.data as any).requestAccess;
    const refused = await ask(mesh.gateway.url, analyst, `mutation { approveAccess(agreement: "${id}") { id } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ask(mesh.gateway.url, owner, `mutation { approveAccess(agreement: "${id}") { status } }`)).data).toEqual({ approveAccess: { status: 'approved' } });

    // The replica replays the governance topic at start: the approval is there without anyone repeating it.
    const replica = await mesh.startReplica();
    try {
      const mine = await ask(replica.gateway.url, analyst, '{ me { id } accessAgreements { id status decidedBy } }');
      expect(mine.data).toEqual({ me: { id: 'analyst' }, accessAgreements: [{ id, status: 'approved', decidedBy: 'listeners-owner' }] });
      const granted = await ask(replica.gateway.url, analyst, EMAILS);
      expect(granted.errors).toBeUndefined();
      expect(emailsOf(granted).every((email: string) => /@/.test(email))).toBe(true);

      const seen = nextChange(replica.governance.agreements, (agreement) => agreement.id === id && agreement.status === 'revoked');
      const revoked = await ask(mesh.gateway.url, owner, `mutation { revokeAccess(agreement: "${id}", reason: "Ticket closed.") { status } }`);
      expect(revoked.data).toEqual({ revokeAccess: { status: 'revoked' } });
      await seen;
      const closed = await ask(replica.gateway.url, analyst, EMAILS);
      expect(emailsOf(closed).every((email: string | null) => email === null)).toBe(true);
      expect(closed.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Listener.email' });
    } finally {
      await replica.close();
    }
  });
});
