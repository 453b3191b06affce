import {
  decodeRegistration,
  LISTENER_REGISTERED_VERSIONS,
  REGISTRATIONS_TOPIC,
  type ListenerRegisteredEvent,
  type Recorded,
} from '../../schema/events/index.ts';
import { materializeOwnTopic, toEventRecord, type DomainRuntime, type OwnTopicFeed } from '../kit/index.ts';
import type { ListenerRecord } from './ListenerRecord.ts';
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

/** What the live source of sign-ups gets once listener-profiles has caught up with its topic. */
export interface SignUpFeed extends OwnTopicFeed<ListenerRecord> {
  /** The profiles so far. */
  store: ListenerStore;
}

/** Where listener-profiles' records come from besides its topic: a history to write once, and a live source. */
export interface ListenerProfilesSources {
  /** Profiles written once into an empty registrations topic, e.g. a demo world's history. @default none: the product fills from its topic */
  history?: () => readonly ListenerRecord[];
  /** Starts the live source of sign-ups (the account service); returns how to stop it. @default none */
  source?: (feed: SignUpFeed) => { stop(): void } | undefined;
}

/**
 * Feeds listener-profiles from the event log: writes the history once (into
 * an empty topic), materializes the store from the topic, then starts the
 * live source of sign-ups, which publishes registrations on the topic.
 */
export function feedListenerProfiles(runtime: DomainRuntime, store: ListenerStore, options: ListenerProfilesSources) {
  const { history = () => [], source } = options;
  return materializeOwnTopic({
    log: runtime.log,
    logger: runtime.logger,
    topic: REGISTRATIONS_TOPIC,
    history,
    toRecord,
    decode: (record) => toListener(decodeRegistration(record)),
    add: (listeners) => store.addListeners(listeners),
    what: 'listeners',
    source: source && ((feed) => source({ ...feed, store })),
  });
}
