import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS } from '../../eventlog/index.ts';
import { LISTENER_REGISTERED_VERSIONS, REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { cursorAtEnd } from '../support/plays.ts';
import { subscribe } from '../support/subscriber.ts';

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const REGISTERED = 'subscription($after: String) { listenerRegistered(after: $after) { listener { id email } } }';
type Registered = { listenerRegistered: { listener: { id: string; email: string | null } } };

describe('a revoked agreement ends access at once, on a live subscription too', () => {
  let mesh: GovernedMesh;
  beforeAll(async () => {
    mesh = await startGovernedMesh();
  });
  afterAll(() => mesh?.close());

  let registered = 0;
  /** A listener signs up (in Germany: the analyst is allowed EU data). */
  const register = async () => {
    const id = `l-revoke-${++registered}`;
    const value = { listenerId: id, displayName: 'New Listener', email: `${id}@example.com`, birthYear: 1990, country: 'DE', city: 'Berlin', preferredDevice: 'MOBILE', plan: 'FREE', occurredAt: new Date().toISOString() };
    await mesh.log.append(REGISTRATIONS_TOPIC.name, [{ key: id, value: JSON.stringify(value), headers: { [HEADERS.producer]: REGISTRATIONS_TOPIC.owner, [HEADERS.schemaVersion]: LISTENER_REGISTERED_VERSIONS[0] } }]);
    return id;
  };

  it('the analyst sees new listeners\u2019 e-mail addresses while the agreement holds, and null from the revocation on', async () => {
    const analyst = await mesh.token('analyst');
    const owner = await mesh.token('listeners-owner');
    const mutate = async (token: string, query: string) => (await postGraphQL(mesh.gateway.url, { query }, { authorization: token })).body.data as Record<string, { id: string; status: string }>;
    const { id } = (await mutate(analyst, `mutation { requestAccess(urn: "${PROFILES}", purpose: "customer-support", justification: "tickets") { id status } }`)).requestAccess!;
    expect((await mutate(owner, `mutation { approveAccess(agreement: "${id}") { id status } }`)).approveAccess!.status).toBe('approved');

    const live = subscribe<Registered>(mesh.gateway.url, REGISTERED, { variables: { after: await cursorAtEnd(mesh.log, REGISTRATIONS_TOPIC.name) }, connectionParams: { authorization: analyst } });
    try {
      const first = await register();
      const granted = (await live.next()).data!.listenerRegistered.listener;
      expect(granted).toEqual({ id: first, email: `${first}@example.com` });

      expect((await mutate(owner, `mutation { revokeAccess(agreement: "${id}", reason: "ticket closed") { id status } }`)).revokeAccess!.status).toBe('revoked');
      const second = await register();
      const after = await live.next();
      expect(after.data!.listenerRegistered.listener).toEqual({ id: second, email: null });
      expect(after.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'pii-needs-purpose', field: 'Listener.email' });
    } finally {
      await live.close();
    }
  });
});
