import type { DemoDataOptions, ListenerRecord } from '../../demo/data/index.ts';
import { readSchemaFile, type DomainDefinition, type ListArgs } from '../kit/index.ts';
import { listenerProfiles } from './dataProducts.ts';
import { createListenerStore, type ListenerOrderField, type ListenerStore } from './listenerStore.ts';

interface ListenersArgs extends ListArgs<ListenerOrderField> {
  country?: string | null;
  plan?: ListenerRecord['plan'] | null;
  registeredFrom?: string | null;
  registeredTo?: string | null;
}

/** The listeners domain: owns the Listener polyseme and the listener-profiles data product. */
export function createListenersDomain(options: DemoDataOptions = {}): DomainDefinition & { store: ListenerStore } {
  const store = createListenerStore(options);
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
    },
    entities: { Listener: (keys) => store.loadMany(keys.map((key) => String(key['id']))) },
    dataProducts: [listenerProfiles(store)],
  };
}
