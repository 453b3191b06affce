import { generateListeners, type DemoDataOptions, type ListenerRecord } from '../../demo/data/index.ts';
import { createOrderedList, type OrderedList } from '../kit/index.ts';

/** Order fields of `Query.listeners`. */
export type ListenerOrderField = 'REGISTERED_AT' | 'DISPLAY_NAME' | 'BIRTH_YEAR';

/** The listener-profiles data product's records, indexed for the queries the domain serves. */
export interface ListenerStore {
  all: readonly ListenerRecord[];
  byId: ReadonlyMap<string, ListenerRecord>;
  list: OrderedList<ListenerRecord, ListenerOrderField>;
  /** Store calls made by entity loading; tests count them. */
  batchLoads: number;
  loadMany(ids: readonly string[]): (ListenerRecord | null)[];
}

/** Builds the store from the demo world. */
export function createListenerStore(options: DemoDataOptions): ListenerStore {
  const all = generateListeners(options);
  const byId = new Map(all.map((listener) => [listener.id, listener]));
  const store: ListenerStore = {
    all,
    byId,
    list: createOrderedList<ListenerRecord, ListenerOrderField>(
      'listeners',
      all,
      {
        REGISTERED_AT: (l) => [l.occurredAt, l.id],
        DISPLAY_NAME: (l) => [l.displayName, l.id],
        BIRTH_YEAR: (l) => [l.birthYear, l.id],
      },
      { field: 'REGISTERED_AT', direction: 'DESC' },
    ),
    batchLoads: 0,
    loadMany(ids) {
      store.batchLoads++;
      return ids.map((id) => byId.get(id) ?? null);
    },
  };
  return store;
}
