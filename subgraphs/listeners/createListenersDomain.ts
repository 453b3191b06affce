import { decodeRegistration, REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import { readSchemaFile, topicSubscriptionField, type DomainDefinition, type ListArgs } from '../kit/index.ts';
import { listenerProfiles } from './dataProducts.ts';
import { feedListenerProfiles, type ListenerProfilesSources, toListener } from './feedListenerProfiles.ts';
import type { ListenerRecord } from './ListenerRecord.ts';
import { ListenerStore, type ListenerOrderField } from './listenerStore.ts';

interface ListenersArgs extends ListArgs<ListenerOrderField> {
  country?: string | null;
  plan?: ListenerRecord['plan'] | null;
  registeredFrom?: string | null;
  registeredTo?: string | null;
}

/** Options of the listeners domain. */
export type ListenersDomainOptions = ListenerProfilesSources;

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
