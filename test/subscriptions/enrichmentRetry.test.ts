import { describe, expect, it } from 'vitest';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';
import { readMetric } from '../support/metrics.ts';
import { createPlayer, cursorAtEnd } from '../support/plays.ts';
import { subscribe } from '../support/subscriber.ts';

/** A "now playing" feed that shows where each listener lives: the listeners domain enriches every play. */
const PLAYS_WITH_LISTENERS = /* GraphQL */ `
  subscription ($after: String) { episodePlayed(after: $after) { play { id listener { id country } } } }
`;

interface Played {
  episodePlayed: { play: { id: string; listener: { id: string; country: string } | null } };
}

describe('a subscription event whose enriching domain is down', () => {
  const leftovers = useLeftovers();

  async function start(enrichmentRetryMs: number) {
    const logger = captureLogger('gateway');
    const mesh = leftovers.track(
      await startMesh({
        only: ['listeners', 'podcasts', 'artists'],
        data: SMALL_TEST_DATA,
        gateway: { logger, healthProbeMs: 0, supergraphPollMs: 0, subscriptions: { enrichmentRetryMs } },
      }),
    );
    const feed = leftovers.track(subscribe<Played>(mesh.gateway.url, PLAYS_WITH_LISTENERS, { variables: { after: await cursorAtEnd(mesh.log, PLAYS_TOPIC.name) } }));
    return { mesh, logger, feed, play: createPlayer(mesh, 'play-enrich') };
  }

  it('is retried, and delivered whole when the domain is back within the window', async () => {
    const { mesh, logger, feed, play } = await start(60_000);
    await mesh.stopSubgraph('listeners');
    const id = await play({ listenerId: 'l-7' });
    await logger.waitForNextLine('subscription event enrichment failed; retrying');

    await mesh.restartSubgraph('listeners');
    const { data, errors } = await feed.next();
    expect(errors).toBeUndefined();
    expect(data!.episodePlayed.play).toEqual({ id, listener: { id: 'l-7', country: mesh.domains.listeners.store.byId.get('l-7')!.country } });
    expect(await readMetric(mesh.gateway.url, 'meshgraph_subscription_events_partial_total')).toBe(0);
  });

  it('is delivered without the missing fields once the window ran out, and counted', async () => {
    const { mesh, feed, play } = await start(200);
    await mesh.stopSubgraph('listeners');
    const id = await play({ listenerId: 'l-7' });

    const { data, errors } = await feed.next();
    expect(data!.episodePlayed.play).toEqual({ id, listener: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'listeners' });
    expect(await readMetric(mesh.gateway.url, 'meshgraph_subscription_events_partial_total')).toBe(1);
  });
});

