import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import { NOTIFICATIONS_TOPIC } from '../../governance/notifications/index.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { subscribe } from '../support/subscriber.ts';

const ENGAGEMENT = 'urn:meshgraph:insights:listener-engagement:v1';
const TOP_CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const NOTIFICATIONS = 'subscription($since: DateTime) { notifications(since: $since) { id kind urn successor sunset } }';
const EPOCH = '2000-01-01T00:00:00.000Z';
/** A sunset may not be in the past, and a product is retired from its sunset on. */
const TODAY = new Date().toISOString().slice(0, 10);

interface Told {
  id: string;
  kind: string;
  urn: string;
  successor: string | null;
  sunset: string | null;
}

/**
 * The insights owner deprecates and retires listener-engagement through the
 * lifecycle book while no gateway runs its notification producers: the next
 * replica to start tells both moves, once, and a replica started after it
 * tells nothing again.
 */
describe('a lifecycle move made while no gateway runs', () => {
  const leftovers = useLeftovers('file');
  let mesh: GovernedMesh;
  beforeAll(async () => {
    mesh = leftovers.track(await startGovernedMesh({ data: SMALL_TEST_DATA, registry: { publish: ['listeners', 'podcasts', 'artists', 'insights'] } }));
    // The only gateway stops: its book still follows the lifecycle topic, but nothing produces notifications.
    await mesh.gateway.close();
    await mesh.lifecycle!.move(DEMO_CONSUMERS['insights-owner'], { urn: ENGAGEMENT, to: 'deprecated', reason: 'Segments move to top-charts.', successor: TOP_CHARTS, sunset: TODAY });
    await mesh.lifecycle!.move(DEMO_CONSUMERS['governance'], { urn: ENGAGEMENT, to: 'retired', reason: 'Replaced by top-charts.' });
  }, 120_000);
  afterAll(() => mesh?.close());

  /** The ids on the notifications topic, however many times each was appended. */
  const appendedIds = async () => {
    const collected = await collectRecords(mesh.log, { topic: NOTIFICATIONS_TOPIC.name, from: { kind: 'earliest' } });
    await collected.reader.caughtUp;
    await collected.reader.close();
    return collected.records.map((record) => (JSON.parse(record.value.toString()) as { id: string }).id);
  };

  it('is told by the next replica that starts, to the product’s owners, with its successor', async () => {
    const replica = await mesh.startReplica();
    try {
      const owner = leftovers.track(subscribe<{ notifications: Told }>(replica.gateway.url, NOTIFICATIONS, { variables: { since: EPOCH }, connectionParams: { authorization: await mesh.token('insights-owner') } }));
      const told: Told[] = [];
      while (told.length < 2) {
        const { data, errors } = await owner.next();
        expect(errors).toBeUndefined();
        if (data!.notifications.urn === ENGAGEMENT) told.push(data!.notifications);
      }
      expect(told).toEqual([
        expect.objectContaining({ kind: 'DATA_PRODUCT_DEPRECATED', successor: TOP_CHARTS, sunset: TODAY }),
        // The retirement names no successor: it keeps its deprecation's.
        expect.objectContaining({ kind: 'DATA_PRODUCT_RETIRED', successor: TOP_CHARTS }),
      ]);
    } finally {
      await replica.close();
    }
  });

  it('is not told again by a replica that starts after it was told', async () => {
    const replica = await mesh.startReplica();
    try {
      const moves = (await appendedIds()).filter((id) => id.includes(ENGAGEMENT));
      expect(moves).toHaveLength(2);
      expect(new Set(moves).size).toBe(2);
    } finally {
      await replica.close();
    }
  });
});
