import { paginate, sortForPaging, type Connection, type KeyPart, type PageArgs } from './connection.ts';

/** `orderBy` as GraphQL gives it: a field name of the list's order enum and a direction. */
export interface OrderArgs<F extends string> {
  field: F;
  direction: 'ASC' | 'DESC';
}

/** Connection arguments of a list query. */
export type ListArgs<F extends string> = PageArgs & { orderBy?: OrderArgs<F> | null };

/** A list that pages in any of its orderings, optionally filtered. */
export interface OrderedList<T, F extends string> {
  page(args: ListArgs<F>, filter?: (item: T) => boolean): Connection<T>;
}

/**
 * Pages `items`, the list named `list` (e.g. `plays`), by the ordering
 * `args.orderBy` names (or `defaultOrder`); each
 * ordering's key ends with a unique id, so cursors are stable. Sorted views
 * are built once per ordering, on first use.
 */
export function createOrderedList<T, F extends string>(
  list: string,
  items: readonly T[],
  keys: Readonly<Record<F, (item: T) => readonly KeyPart[]>>,
  defaultOrder: OrderArgs<F>,
): OrderedList<T, F> {
  const views = new Map<string, T[]>();
  return {
    page(args, filter) {
      const { field, direction } = args.orderBy ?? defaultOrder;
      const ordering = { list, name: `${field}:${direction}`, key: keys[field], direction };
      let view = views.get(ordering.name);
      if (!view) {
        view = sortForPaging(items, ordering);
        views.set(ordering.name, view);
      }
      return paginate(filter ? view.filter(filter) : view, args, ordering);
    },
  };
}

/** Pages a small list (sorted on each call), e.g. the plays of one episode. */
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

/**
 * Ordered lists of the groups of an index (e.g. the plays of each episode),
 * each built on first use and kept, so paging a group sorts it once.
 */
export function createGroupedLists<T, F extends string>(
  list: string,
  groups: ReadonlyMap<string, readonly T[]>,
  keys: Readonly<Record<F, (item: T) => readonly KeyPart[]>>,
  defaultOrder: OrderArgs<F>,
): (group: string) => OrderedList<T, F> {
  const lists = new Map<string, OrderedList<T, F>>();
  const empty = createOrderedList<T, F>(list, [], keys, defaultOrder);
  return (group) => {
    let ordered = lists.get(group);
    if (!ordered) {
      const items = groups.get(group);
      if (!items) return empty;
      ordered = createOrderedList(list, items, keys, defaultOrder);
      lists.set(group, ordered);
    }
    return ordered;
  };
}
