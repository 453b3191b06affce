import { createRandom, generateListeners, type DemoDataOptions, type ListenerRecord } from '../../demo/data/index.ts';
import { simulateRegistration, startTicker } from '../../demo/simulator/index.ts';
import {
  decodeRegistration,
  EventRejected,
  LISTENER_REGISTERED_VERSIONS,
  REGISTRATIONS_TOPIC,
  type ListenerRegisteredEvent,
  type Recorded,
} from '../../schema/events/index.ts';
import type { StartFrom } from '../../streams/index.ts';
import { appendAll, toEventRecord, type DomainRuntime } from '../kit/index.ts';
import type { ListenerStore } from './listenerStore.ts';

const toRecord = ({ id, recordedAt, ...profile }: ListenerRecord) =>
  toEventRecord({
    key: id,
    value: { listenerId: id, ...profile } satisfies ListenerRegisteredEvent,
    occurredAt: profile.occurredAt,
    recordedAt,
    producer: 'listeners',
    schemaVersion: LISTENER_REGISTERED_VERSIONS.at(-1)!,
  });

/** A decoded registration as the store keeps it. */
export const toListener = ({ listenerId, ...event }: Recorded<ListenerRegisteredEvent>): ListenerRecord => ({ id: listenerId, ...event });

/**
 * listener-profiles on the event log: writes the demo world's listeners once
 * (into an empty topic), materializes the store from the topic, then
 * simulates sign-ups at `registrationsPerSecond`.
 */
export async function streamRegistrations(runtime: DomainRuntime, store: ListenerStore, data: DemoDataOptions, registrationsPerSecond: number) {
  const { log, logger } = runtime;
  await log.createTopic(REGISTRATIONS_TOPIC);
  let from: StartFrom = { kind: 'earliest' };
  if ((await log.endOffsets(REGISTRATIONS_TOPIC.name)).every((end) => end === 0)) {
    const history = generateListeners(data);
    from = await appendAll(log, REGISTRATIONS_TOPIC.name, history, toRecord);
    // The store takes the history as written, and reads on from where it ends.
    store.addListeners(history);
    logger.info('wrote the registered listeners to the log', { topic: REGISTRATIONS_TOPIC.name, listeners: history.length });
  }
  const reader = await log.read({
    topic: REGISTRATIONS_TOPIC.name,
    from,
    onBatch: (records) => {
      const listeners: ListenerRecord[] = [];
      for (const record of records) {
        try {
          listeners.push(toListener(decodeRegistration(record)));
        } catch (error) {
          if (!(error instanceof EventRejected)) throw error;
          logger.warn('skipped a record of its own topic that is not a registration', { topic: record.topic, offset: record.offset, reason: error.reason });
        }
      }
      store.addListeners(listeners);
    },
  });
  await reader.caughtUp;
  logger.info('listener-profiles materialized from the log', { listeners: store.all.length });

  const random = createRandom(`${data.seed ?? 'meshgraph'}:sign-ups:${Date.now()}`);
  const templates = store.all.slice();
  let next = store.all.length + 1;
  const ticker =
    registrationsPerSecond > 0 && templates.length > 0
      ? startTicker(
          registrationsPerSecond,
          async (count) => {
            const listeners = Array.from({ length: count }, () => simulateRegistration(random, templates, next++));
            await log.append(REGISTRATIONS_TOPIC.name, listeners.map(toRecord));
          },
          (error) => logger.warn('simulated sign-ups could not be appended; retrying on the next tick', { error: error instanceof Error ? error.message : String(error) }),
        )
      : undefined;
  if (ticker) logger.info('simulating sign-ups', { registrationsPerSecond });
  return {
    async close() {
      ticker?.stop();
      await reader.close();
    },
  };
}
