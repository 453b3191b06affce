import { partitionPoint } from '../../common/index.ts';
import { paginate, positionAfter, sortForPaging, type Connection, type KeyPart, type Ordering, type PageArgs } from './connection.ts';

/** `orderBy` as GraphQL gives it: a field name of the list's order enum and a direction. */
export interface OrderArgs<F extends string> {
  field: F;
  direction: 'ASC' | 'DESC';
}

/** Connection arguments of a list query. */
export type ListArgs<F extends string> = PageArgs & { orderBy?: OrderArgs<F> | null };

/**
 * Items whose key in the ordering `field` starts at or after `from` and
 * before `to` (e.g. plays between two times): when the list is paged in that
 * ordering, the page starts and ends there instead of reading the rest.
 */
export interface KeyRange<F extends string> {
  field: F;
  from?: KeyPart | null;
  to?: KeyPart | null;
}

/** A list that pages in any of its orderings, optionally filtered, and grows as records arrive. */
export interface OrderedList<T, F extends string> {
  /** A page; `range` only narrows what is read (the filter must still hold every condition). */
  page(args: ListArgs<F>, filter?: (item: T) => boolean, range?: KeyRange<F>): Connection<T>;
  /** Adds a record: inserted in place into every sorted view built so far. */
  add(item: T): void;
  /** Removes records (e.g. past their product's retention) from the list and every sorted view built so far; records it does not hold are ignored. */
  removeAll(items: ReadonlySet<T>): void;
  /** Drops the sorted views, e.g. after keys that are counts changed; they are rebuilt on next use. */
  invalidate(): void;
  readonly size: number;
}

/**
 * Pages `items`, the list named `list` (e.g. `plays`), by the ordering
 * `args.orderBy` names (or `defaultOrder`); each ordering's key ends with a
 * unique id, so cursors are stable. Sorted views are built once per ordering,
 * on first use, and kept sorted as records are added.
 */
export function createOrderedList<T, F extends string>(
  list: string,
  initial: readonly T[],
  keys: Readonly<Record<F, (item: T) => readonly KeyPart[]>>,
  defaultOrder: OrderArgs<F>,
): OrderedList<T, F> {
  const items = [...initial];
  const views = new Map<string, { ordering: Ordering<T>; view: T[] }>();
  return {
    page(args, filter, range) {
      const { field, direction } = args.orderBy ?? defaultOrder;
      const name = `${field}:${direction}`;
      let entry = views.get(name);
      if (!entry) {
        const ordering: Ordering<T> = { list, name, key: keys[field], direction };
        entry = { ordering, view: sortForPaging(items, ordering) };
        views.set(name, entry);
      }
      return paginate(entry.view, args, entry.ordering, filter, range?.field === field ? windowOf(entry.view, entry.ordering, range) : undefined);
    },
    add(item) {
      items.push(item);
      for (const { ordering, view } of views.values()) view.splice(positionAfter(view, ordering.key(item), ordering), 0, item);
    },
    removeAll(gone) {
      if (gone.size === 0) return;
      removeFrom(items, gone);
      for (const { ordering, view } of views.values()) {
        if (gone.size > FEW) removeFrom(view, gone);
        // A few records (what expires between two requests) are found by their key.
        else for (const item of gone) {
          const at = positionAfter(view, ordering.key(item), ordering) - 1;
          if (view[at] === item) view.splice(at, 1);
        }
      }
    },
    invalidate() {
      views.clear();
    },
    get size() {
      return items.length;
    },
  };
}

/** Up to this many records are removed one by one; more, in one pass over the list. */
const FEW = 16;

/** Removes the items of `gone` from `items` in place, keeping the order of the rest. */
export function removeFrom<T>(items: T[], gone: ReadonlySet<T>): void {
  if (gone.size <= FEW) {
    for (const item of gone) {
      const at = items.indexOf(item);
      if (at >= 0) items.splice(at, 1);
    }
    return;
  }
  let kept = 0;
  for (const item of items) if (!gone.has(item)) items[kept++] = item;
  items.length = kept;
}

/** The positions of the items of `view` (sorted by `ordering`) whose first key part lies in `range`. */
function windowOf<T, F extends string>(view: readonly T[], ordering: Ordering<T>, range: KeyRange<F>): [number, number] {
  const first = (i: number) => ordering.key(view[i]!)[0]!;
  const { from, to } = range;
  // Ascending: from `from` up to `to`; descending: from `to` down to `from`.
  const boundary = (bound: KeyPart | null | undefined, none: number) =>
    bound === null || bound === undefined ? none : partitionPoint(0, view.length, (i) => (ordering.direction === 'ASC' ? first(i) < bound : first(i) >= bound));
  return ordering.direction === 'ASC' ? [boundary(from, 0), boundary(to, view.length)] : [boundary(to, 0), boundary(from, view.length)];
}

/** Pages a small list (sorted on each call). */
export function pageOf<T, F extends string>(
  list: string,
  items: readonly T[],
  keys: Readonly<Record<F, (item: T) => readonly KeyPart[]>>,
  defaultOrder: OrderArgs<F>,
  args: ListArgs<F>,
  filter?: (item: T) => boolean,
): Connection<T> {
  return createOrderedList(list, items, keys, defaultOrder).page(args, filter);
}

/** Ordered lists of the groups of an index (e.g. the plays of each episode). */
export interface GroupedLists<T, F extends string> {
  (group: string): OrderedList<T, F>;
  /** How many records a group holds (0 for a group never added to), without building its list. */
  sizeOf(group: string): number;
  /** Adds a record to its group. */
  add(group: string, item: T): void;
  /** Removes records from their groups (`groupOf` names a record's group), e.g. records past their product's retention. */
  removeAll(items: ReadonlySet<T>, groupOf: (item: T) => string): void;
  /** Drops every group's sorted views (see `OrderedList.invalidate`). */
  invalidateAll(): void;
}

/**
 * Ordered lists of the groups of an index, each built on first use and kept,
 * so paging a group sorts it once.
 */
export function createGroupedLists<T, F extends string>(
  list: string,
  groups: ReadonlyMap<string, readonly T[]>,
  keys: Readonly<Record<F, (item: T) => readonly KeyPart[]>>,
  defaultOrder: OrderArgs<F>,
): GroupedLists<T, F> {
  // Groups not paged yet wait here as plain arrays (a copy: the caller's index may grow on its own).
  const pending = new Map([...groups].map(([group, items]) => [group, [...items]]));
  const lists = new Map<string, OrderedList<T, F>>();
  const listOf = (group: string) => {
    let ordered = lists.get(group);
    if (!ordered) {
      ordered = createOrderedList(list, pending.get(group) ?? [], keys, defaultOrder);
      pending.delete(group);
      lists.set(group, ordered);
    }
    return ordered;
  };
  const add = (group: string, item: T) => {
    const ordered = lists.get(group);
    const waiting = pending.get(group);
    if (ordered) ordered.add(item);
    else if (waiting) waiting.push(item);
    else pending.set(group, [item]);
  };
  const removeAll = (items: ReadonlySet<T>, groupOf: (item: T) => string) => {
    const groupsOf = new Set<string>();
    for (const item of items) groupsOf.add(groupOf(item));
    for (const group of groupsOf) {
      const waiting = pending.get(group);
      if (waiting) removeFrom(waiting, items);
      lists.get(group)?.removeAll(items);
    }
  };
  const invalidateAll = () => lists.forEach((ordered) => ordered.invalidate());
  const sizeOf = (group: string) => lists.get(group)?.size ?? pending.get(group)?.length ?? 0;
  return Object.assign(listOf, { add, removeAll, invalidateAll, sizeOf });
}
