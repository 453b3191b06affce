import { createOrderedList, createRecordExpiry, removeFrom, type OrderedList } from '../kit/index.ts';
import type { ListenerRecord } from './ListenerRecord.ts';

/** Order fields of `Query.listeners`. */
export type ListenerOrderField = 'REGISTERED_AT' | 'DISPLAY_NAME' | 'BIRTH_YEAR';

/** The listener-profiles data product's records, indexed for the queries the domain serves; fed by registrations. */
export class ListenerStore {
  readonly all: ListenerRecord[] = [];
  readonly byId = new Map<string, ListenerRecord>();
  readonly list: OrderedList<ListenerRecord, ListenerOrderField> = createOrderedList<ListenerRecord, ListenerOrderField>(
    'listeners',
    [],
    {
      REGISTERED_AT: (l) => [l.occurredAt, l.id],
      DISPLAY_NAME: (l) => [l.displayName, l.id],
      BIRTH_YEAR: (l) => [l.birthYear, l.id],
    },
    { field: 'REGISTERED_AT', direction: 'DESC' },
  );
  /** Store calls made by entity loading; tests count them. */
  batchLoads = 0;
  /** `occurredAt` of the newest registration (partitions interleave, so not always the last added). */
  latestRegistrationAt: string | undefined;
  /** Registrations received since start, on the product's topic. */
  registrationsIn = 0;
  /** The profiles by when they last changed (registered), for the kit to expire those past listener-profiles' retention. */
  readonly expiry = createRecordExpiry<ListenerRecord>({ timeOf: (listener) => listener.occurredAt, expire: (listeners) => this.removeListeners(listeners) });

  /** Adds registrations; a listener already known keeps its first profile (the topic is keyed by listener). */
  addListeners(listeners: readonly ListenerRecord[]): void {
    for (const listener of listeners) {
      if (this.byId.has(listener.id)) continue;
      this.byId.set(listener.id, listener);
      this.all.push(listener);
      this.registrationsIn++;
      this.expiry.track([listener]);
      if (!this.latestRegistrationAt || listener.occurredAt > this.latestRegistrationAt) this.latestRegistrationAt = listener.occurredAt;
      this.list.add(listener);
    }
  }

  /** Takes profiles out of the lookups and the list (past listener-profiles' retention). */
  private removeListeners(listeners: readonly ListenerRecord[]): void {
    const gone = new Set(listeners.filter((listener) => this.byId.get(listener.id) === listener && this.byId.delete(listener.id)));
    removeFrom(this.all, gone);
    this.list.removeAll(gone);
  }

  loadMany(ids: readonly string[]): (ListenerRecord | null)[] {
    this.batchLoads++;
    return ids.map((id) => this.byId.get(id) ?? null);
  }
}
