import { createRandom, generateListeners, type DemoDataOptions, type ListenerRecord } from '../../demo/data/index.ts';
import { simulateInto, simulateRegistration } from '../../demo/simulator/index.ts';
import {
  decodeRegistration,
  LISTENER_REGISTERED_VERSIONS,
  REGISTRATIONS_TOPIC,
  type ListenerRegisteredEvent,
  type Recorded,
} from '../../schema/events/index.ts';
import { materializeOwnTopic, toEventRecord, type DomainRuntime } from '../kit/index.ts';
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
  const reader = await materializeOwnTopic({
    log,
    logger,
    topic: REGISTRATIONS_TOPIC,
    history: () => generateListeners(data),
    toRecord,
    decode: (record) => toListener(decodeRegistration(record)),
    add: (listeners) => store.addListeners(listeners),
    what: 'listeners',
  });
  const random = createRandom(`${data.seed ?? 'meshgraph'}:sign-ups:${Date.now()}`);
  const templates = registrationsPerSecond > 0 ? store.all.slice() : [];
  let next = store.all.length + 1;
  const ticker = simulateInto({
    log,
    logger,
    topic: REGISTRATIONS_TOPIC.name,
    ratePerSecond: templates.length > 0 ? registrationsPerSecond : 0,
    make: () => simulateRegistration(random, templates, next++),
    toRecord,
    source: 'sign-ups',
  });
  return {
    async close() {
      ticker?.stop();
      await reader.close();
    },
  };
}
