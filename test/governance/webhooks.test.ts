import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { createGovernance, type GatewayGovernance } from '../../governance/createGovernance.ts';
import { deliveryRecord, type Delivery } from '../../governance/webhooks/deliveryEvent.ts';
import { WEBHOOK_DELIVERIES_TOPIC } from '../../governance/webhooks/index.ts';
import type { GovernanceResolvers } from '../../governance/graphql/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { readMetric } from '../support/metrics.ts';
import { createTempDir } from '../support/tempDir.ts';
import { testConsumer } from '../support/testCallers.ts';

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const SET = 'mutation($url: String!) { setNotificationWebhook(url: $url) { url createdAt secret failing pending } }';
const READ = '{ notificationWebhook { url secret failing pending lastDelivery { notificationId attempt delivered status error } } }';

/** A request a receiver got. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A consumer's HTTP endpoint on port 0: it answers each request with the next status of `statuses` (the last one once they run out), and queues what it got. */
async function startReceiver(statuses: number[] = [200]) {
  const received: Received[] = [];
  let waiter: (() => void) | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statuses.length > 1 ? statuses.shift()! : statuses[0]!).end();
      waiter?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let read = 0;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/meshgraph`,
    received,
    statuses,
    /** The next request it gets (or got and was not read yet). */
    async next(): Promise<Received> {
      while (received.length <= read) await new Promise<void>((resolve) => (waiter = resolve));
      return received[read++]!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The gateway keeps its connection alive for the next delivery: it is no reason to wait.
        server.closeAllConnections();
      }),
  };
}

/** The signature a receiver computes, as the README shows it. */
const expectedSignature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A person made up for one test, so that no other test's agreements concern it. */
const reader = (id: string): Consumer => testConsumer(id, { team: 'insights' });

describe('webhooks: a consumer’s notifications are POSTed to its endpoint, signed, retried until taken', () => {
  const leftovers = useLeftovers('file');
  let mesh: GovernedMesh;
  beforeAll(async () => {
    // Retries after at most 20 ms, so a test sees the second try at once.
    mesh = await startGovernedMesh({ only: ['listeners'], data: SMALL_TEST_DATA, env: { MESHGRAPH_WEBHOOK_RETRY_MS: '20', MESHGRAPH_WEBHOOK_TIMEOUT_MS: '5000' } });
  });
  afterAll(async () => {
    await mesh?.close();
  });

  const graphql = async (url: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
    (await postGraphQL(url, { query, variables }, token ? { authorization: token } : {})).body;
  const ok = async (url: string, token: string, query: string, variables: Record<string, unknown> = {}) => {
    const body = await graphql(url, token, query, variables);
    expect(body.errors).toBeUndefined();
    return Object.values(body.data!)[0];
  };
  const setWebhook = (token: string, url: string) => ok(mesh.gateway.url, token, SET, { url });
  const request = (token: string) =>
    ok(mesh.gateway.url, token, `mutation { requestAccess(urn: "${PROFILES}", purpose: "analytics", justification: "webhooks test") { id } }`);
  /** The consumer asks, the owner approves: the approval is the consumer's notification. */
  const approved = async (token: string) => {
    const { id } = await request(token);
    await ok(mesh.gateway.url, await mesh.token('listeners-owner'), 'mutation($id: ID!) { approveAccess(agreement: $id) { id } }', { id });
    return id as string;
  };

  it('a consumer sets its webhook and the approval of its request reaches it, signed with the secret it got once', async () => {
    const receiver = leftovers.track(await startReceiver());
    const token = await mesh.token(reader('hook-reader'));
    const set = await setWebhook(token, receiver.url);
    expect(set).toMatchObject({ url: receiver.url, failing: false, pending: 0 });
    expect(set.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(await ok(mesh.gateway.url, token, READ)).toMatchObject({ url: receiver.url, secret: null });
    // A test first, to check the receiver: signed like a notification, answered at once.
    const ping = await ok(mesh.gateway.url, token, 'mutation { pingNotificationWebhook { notificationId delivered status } }');
    expect(ping).toMatchObject({ notificationId: expect.stringMatching(/^PING:/), delivered: true, status: 200 });
    const pinged = await receiver.next();
    expect(pinged.headers['meshgraph-notification-id']).toBe(ping.notificationId);
    expect(pinged.headers['meshgraph-signature']).toBe(expectedSignature(set.secret, pinged.body));
    expect(JSON.parse(pinged.body)).toMatchObject({ id: ping.notificationId, kind: 'PING' });

    const agreement = await approved(token);
    const { headers, body } = await receiver.next();
    expect(headers['content-type']).toBe('application/json');
    expect(headers['meshgraph-notification-id']).toBe(`ACCESS_APPROVED:${agreement}`);
    expect(headers['meshgraph-signature']).toBe(expectedSignature(set.secret, body));
    expect(Date.parse(headers['meshgraph-timestamp'] as string)).not.toBeNaN();
    expect(JSON.parse(body)).toMatchObject({ id: `ACCESS_APPROVED:${agreement}`, kind: 'ACCESS_APPROVED', urn: PROFILES, consumer: 'hook-reader', agreement: { id: agreement, status: 'approved' } });
    expect(JSON.parse(body)).not.toHaveProperty('to');

    await vi.waitFor(async () => expect(await ok(mesh.gateway.url, token, READ)).toMatchObject({ failing: false, pending: 0, lastDelivery: { notificationId: `ACCESS_APPROVED:${agreement}`, attempt: 1, delivered: true, status: 200 } }));
  });

  it('a receiver that answers 500 gets the same notification again, and takes it', async () => {
    const receiver = leftovers.track(await startReceiver([500, 200]));
    const token = await mesh.token(reader('flaky-receiver'));
    await setWebhook(token, receiver.url);
    const failedBefore = await readMetric(mesh.gateway.url, 'meshgraph_webhook_deliveries_total{outcome="failed"}');

    const agreement = await approved(token);
    const first = await receiver.next();
    const second = await receiver.next();
    expect(first.headers['meshgraph-notification-id']).toBe(`ACCESS_APPROVED:${agreement}`);
    expect(second.headers['meshgraph-notification-id']).toBe(first.headers['meshgraph-notification-id']);
    expect([first.headers['meshgraph-delivery-attempt'], second.headers['meshgraph-delivery-attempt']]).toEqual(['1', '2']);
    expect(second.body).toBe(first.body);

    await vi.waitFor(async () => expect(await ok(mesh.gateway.url, token, READ)).toMatchObject({ failing: false, pending: 0, lastDelivery: { attempt: 2, delivered: true } }));
    expect(await readMetric(mesh.gateway.url, 'meshgraph_webhook_deliveries_total{outcome="failed"}')).toBe(failedBefore + 1);
  });

  it('a consumer gets only its own notifications', async () => {
    const [mine, theirs] = [leftovers.track(await startReceiver()), leftovers.track(await startReceiver())];
    const [me, them] = await Promise.all([mesh.token(reader('own-only-a')), mesh.token(reader('own-only-b'))]);
    await setWebhook(me, mine.url);
    await setWebhook(them, theirs.url);

    const myAgreement = await approved(me);
    expect((await mine.next()).headers['meshgraph-notification-id']).toBe(`ACCESS_APPROVED:${myAgreement}`);
    // The other consumer's first notification is its own: nothing of mine reached it before.
    const theirAgreement = await approved(them);
    expect((await theirs.next()).headers['meshgraph-notification-id']).toBe(`ACCESS_APPROVED:${theirAgreement}`);
    expect(mine.received).toHaveLength(1);
  });

  it('a URL that is not http(s), and an anonymous caller, are refused', async () => {
    const token = await mesh.token(reader('bad-url'));
    for (const url of ['ftp://hooks.example.com/meshgraph', 'hooks.example.com/meshgraph', '']) {
      const { errors } = await graphql(mesh.gateway.url, token, SET, { url });
      expect(errors?.[0]?.extensions?.['code'], url).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toContain('http(s)');
    }
    for (const query of [SET, READ, 'mutation { removeNotificationWebhook }', 'mutation { pingNotificationWebhook { delivered } }']) {
      const { errors } = await graphql(mesh.gateway.url, undefined, query, { url: 'https://hooks.example.com/meshgraph' });
      expect(errors?.[0]?.extensions?.['code'], query).toBe('UNAUTHENTICATED');
    }
    expect(await ok(mesh.gateway.url, token, READ)).toBeNull();
    expect(await ok(mesh.gateway.url, token, 'mutation { pingNotificationWebhook { delivered } }')).toBeNull();
  });

  it('a second replica sees the webhook set on the first, sends nothing from before it, and of the two only one delivers each notification', async () => {
    const receiver = leftovers.track(await startReceiver());
    const token = await mesh.token(reader('two-replicas'));
    // Before the webhook: the replica replays it at start, and sends it nowhere.
    await approved(token);
    await setWebhook(token, receiver.url);
    const replica = await mesh.startReplica();
    try {
      expect(await ok(replica.gateway.url, token, READ)).toMatchObject({ url: receiver.url, secret: null });
      const first = await approved(token);
      expect((await receiver.next()).headers['meshgraph-notification-id']).toBe(`ACCESS_APPROVED:${first}`);
      const second = await approved(token);
      expect((await receiver.next()).headers['meshgraph-notification-id']).toBe(`ACCESS_APPROVED:${second}`);
      expect(receiver.received).toHaveLength(2);

      expect(await ok(replica.gateway.url, token, 'mutation { removeNotificationWebhook }')).toBe(true);
      await vi.waitFor(async () => expect(await ok(mesh.gateway.url, token, READ)).toBeNull());
    } finally {
      await replica.close();
    }
  });
});

describe('webhooks across a restart', () => {
  const leftovers = useLeftovers();

  /** The gateway's governance on the event log in `dataDir`: each start opens the log anew, as a restarted process does. */
  const startGovernance = async (dataDir: string, settings: Record<string, string> = {}) => {
    const log = await createEmbeddedLog({ dataDir });
    const env = { MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_WEBHOOK_RETRY_MS: '1000', ...settings };
    // Every product approves analytics at once: a request is its consumer's notification.
    const governance = await createGovernance({ env, log, products: () => ({ domain: 'listeners', autoApprove: ['analytics'] }), logger: captureLogger('governance') });
    return { governance, log, close: async () => (await governance.close(), await log.close()) };
  };
  const resolver = (governance: GatewayGovernance, root: 'Query' | 'Mutation', field: string) => {
    const part = governance.resolvers!.find((p: GovernanceResolvers) => p[root]?.[field]) ?? expect.fail(`no resolver of ${root}.${field}`);
    return (args: Record<string, unknown>, consumer: Consumer) => part[root]![field]!(undefined, args, { consumer }, undefined as never);
  };

  it('a gateway restarted while a delivery was failing delivers it after the restart', async () => {
    const dir = leftovers.track(await createTempDir());
    const receiver = leftovers.track(await startReceiver([500]));
    const consumer = reader('restart-reader');
    const before = await startGovernance(dir.path);
    let stopped = false;
    try {
      const { secret } = (await resolver(before.governance, 'Mutation', 'setNotificationWebhook')({ url: receiver.url }, consumer)) as { secret: string };
      const agreement = await resolver(before.governance, 'Mutation', 'requestAccess')({ urn: PROFILES, purpose: 'analytics', justification: 'restart test' }, consumer);
      const failed = await receiver.next();
      expect(failed.headers['meshgraph-notification-id']).toBe(`ACCESS_APPROVED:${(agreement as { id: string }).id}`);
      // The failure is recorded, with its next try a second away at most: the gateway stops before it, or after one more failure.
      await vi.waitFor(async () => expect(await resolver(before.governance, 'Query', 'notificationWebhook')({}, consumer)).toMatchObject({ failing: true, pending: 1 }));
      await before.close();
      stopped = true;

      receiver.statuses.splice(0, 1, 200);
      const after = leftovers.track(await startGovernance(dir.path));
      const delivered = await receiver.next();
      expect(delivered.headers['meshgraph-notification-id']).toBe(failed.headers['meshgraph-notification-id']);
      expect(Number(delivered.headers['meshgraph-delivery-attempt'])).toBeGreaterThan(1);
      expect(delivered.headers['meshgraph-signature']).toBe(expectedSignature(secret, delivered.body));
      await vi.waitFor(async () => expect(await resolver(after.governance, 'Query', 'notificationWebhook')({}, consumer)).toMatchObject({ failing: false, pending: 0 }));
    } finally {
      if (!stopped) await before.close();
    }
  });

  it('a delivery whose replica stopped without closing is taken over once its lease runs out', async () => {
    const dir = leftovers.track(await createTempDir());
    const receiver = leftovers.track(await startReceiver());
    const consumer = reader('orphan-reader');
    const running = leftovers.track(await startGovernance(dir.path, { MESHGRAPH_WEBHOOK_LEASE_MS: '100' }));
    await resolver(running.governance, 'Mutation', 'setNotificationWebhook')({ url: receiver.url }, consumer);
    // What a replica that died after one failed try leaves on the deliveries topic: its claim, with a lease that runs out in a moment.
    const at = Date.now();
    const orphan: Delivery = {
      consumer: consumer.id,
      notificationId: 'ACCESS_REVOKED:agr-orphan',
      payload: { id: 'ACCESS_REVOKED:agr-orphan', kind: 'ACCESS_REVOKED', urn: PROFILES, at: new Date(at).toISOString(), message: 'Revoked.' },
      state: 'pending',
      revision: 2,
      replica: 'a-replica-that-died',
      attempts: 1,
      nextAttemptAt: new Date(at).toISOString(),
      leaseUntil: new Date(at + 200).toISOString(),
    };
    await running.log.append(WEBHOOK_DELIVERIES_TOPIC.name, [deliveryRecord(orphan, new Date(at).toISOString())]);

    const delivered = await receiver.next();
    expect(delivered.headers['meshgraph-notification-id']).toBe('ACCESS_REVOKED:agr-orphan');
    expect(delivered.headers['meshgraph-delivery-attempt']).toBe('2');
    expect(JSON.parse(delivered.body)).toEqual(orphan.payload);
  });

  it('a gateway that refuses private networks refuses a webhook at such an address, and a name that resolves to one', async () => {
    const dir = leftovers.track(await createTempDir());
    const receiver = leftovers.track(await startReceiver());
    const consumer = reader('private-reader');
    const running = leftovers.track(await startGovernance(dir.path, { MESHGRAPH_WEBHOOK_PRIVATE_NETWORKS: 'refuse' }));
    const set = resolver(running.governance, 'Mutation', 'setNotificationWebhook');
    for (const url of [receiver.url, 'http://[::1]/hooks', 'http://169.254.169.254/latest']) {
      await expect(set({ url }, consumer), url).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('private') });
    }
    // A name is looked up when the gateway connects, and the address it gives is checked then.
    await set({ url: receiver.url.replace('127.0.0.1', 'localhost') }, consumer);
    const ping = (await resolver(running.governance, 'Mutation', 'pingNotificationWebhook')({}, consumer)) as { delivered: boolean; error: string };
    expect(ping).toMatchObject({ delivered: false, error: expect.stringContaining('private address') });
    expect(receiver.received).toHaveLength(0);
  });
});

