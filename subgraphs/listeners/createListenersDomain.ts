import { decodeRegistration, REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import { readSchemaFile, topicSubscriptionField, type DomainDefinition, type ListArgs, type OwnTopicFeed } from '../kit/index.ts';
import { listenerProfiles } from './dataProducts.ts';
import { feedListenerProfiles, toListener } from './feedListenerProfiles.ts';
import type { ListenerRecord } from './ListenerRecord.ts';
import { ListenerStore, type ListenerOrderField } from './listenerStore.ts';

interface ListenersArgs extends ListArgs<ListenerOrderField> {
  country?: string | null;
  plan?: ListenerRecord['plan'] | null;
  registeredFrom?: string | null;
  registeredTo?: string | null;
}

/** What the live source of sign-ups gets once listener-profiles has caught up with its topic. */
export interface SignUpFeed extends OwnTopicFeed<ListenerRecord> {
  /** The profiles so far. */
  store: ListenerStore;
}

/** Options of the listeners domain. */
export interface ListenersDomainOptions {
  /** Profiles written once into an empty registrations topic, e.g. a demo world's history. @default none: the product fills from its topic */
  history?: () => readonly ListenerRecord[];
  /** Starts the live source of sign-ups (the account service); returns how to stop it. @default none */
  source?: (feed: SignUpFeed) => { stop(): void } | undefined;
}

/**
 * The listeners domain: owns the Listener polyseme and the listener-profiles
 * data product, published on `listeners.listener-profiles.v1`.
 */
export function createListenersDomain(options: ListenersDomainOptions = {}): DomainDefinition & { store: ListenerStore } {
  const store = new ListenerStore();
  return {
    name: 'listeners',
    description: 'Listener accounts: who registers, where they listen from, on which plan and device.',
    team: { name: 'Listener Experience', email: 'listeners-team@meshgraph.example' },
    schema: readSchemaFile(new URL('./schema.graphql', import.meta.url)),
    store,
    resolvers: {
      Query: {
        listeners: (_: unknown, args: ListenersArgs) =>
          store.list.page(args, (l) =>
            (!args.country || l.country === args.country) &&
            (!args.plan || l.plan === args.plan) &&
            (!args.registeredFrom || l.occurredAt >= args.registeredFrom) &&
            (!args.registeredTo || l.occurredAt < args.registeredTo),
          ),
        listener: (_: unknown, { id }: { id: string }) => store.byId.get(id) ?? null,
      },
      Subscription: {
        listenerRegistered: topicSubscriptionField<ListenerRecord, { country?: string | null; after?: string | null }>({
          topic: REGISTRATIONS_TOPIC.name,
          decode: (record) => toListener(decodeRegistration(record)),
          filter: (listener, args) => !args.country || listener.country === args.country,
          payload: (listener, cursor) => ({ cursor, listener }),
        }),
      },
    },
    entities: { Listener: (keys) => store.loadMany(keys.map((key) => String(key['id']))) },
    dataProducts: [listenerProfiles(store)],
    start: (runtime) => feedListenerProfiles(runtime, store, options),
  };
}
