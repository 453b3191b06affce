import {
  decodeRegistration,
  LISTENER_REGISTERED_VERSIONS,
  REGISTRATIONS_TOPIC,
  type ListenerRegisteredEvent,
  type Recorded,
} from '../../schema/events/index.ts';
import { materializeOwnTopic, toEventRecord, type DomainRuntime } from '../kit/index.ts';
import type { ListenerRecord } from './ListenerRecord.ts';
import type { ListenersDomainOptions } from './createListenersDomain.ts';
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
 * Feeds listener-profiles from the event log: writes the history once (into
 * an empty topic), materializes the store from the topic, then starts the
 * live source of sign-ups, which publishes registrations on the topic.
 */
export async function feedListenerProfiles(runtime: DomainRuntime, store: ListenerStore, options: Pick<ListenersDomainOptions, 'history' | 'source'>) {
  const { log, logger } = runtime;
  const { history = () => [], source: startSource } = options;
  const reader = await materializeOwnTopic({
    log,
    logger,
    topic: REGISTRATIONS_TOPIC,
    history,
    toRecord,
    decode: (record) => toListener(decodeRegistration(record)),
    add: (listeners) => store.addListeners(listeners),
    what: 'listeners',
  });
  const source = startSource?.({ store, logger, append: (listeners) => log.append(REGISTRATIONS_TOPIC.name, listeners.map(toRecord)) });
  return {
    async close() {
      source?.stop();
      await reader.close();
    },
  };
}
