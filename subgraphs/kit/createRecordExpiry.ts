/** How a data product's records age (see `createRecordExpiry`). */
export interface RecordExpiryOptions<T> {
  /**
   * When a record last changed, ISO-8601: a fact's `occurredAt`; for a
   * record that is updated (an aggregate's totals, an entity's state), the
   * time of its latest update. `null` for a record without one: it never ages.
   */
  timeOf: (record: T) => string | null | undefined;
  /** Takes records past the product's retention out of its state (its lists, indexes and counts), so that no port serves them. */
  expire: (records: readonly T[]) => void;
}

/** The records of a data product, ordered by when they last changed, ready to expire. */
export interface RecordExpiry<T> {
  /** Starts ageing records just added to the product's state; one tracked already is left as it is. */
  track(records: Iterable<T>): void;
  /**
   * Expires every tracked record that last changed before `beforeMs`
   * (milliseconds since 1970), in one call of `expire`, and returns how many
   * it expired. Costs a comparison when none did.
   */
  expireBefore(beforeMs: number): number;
  /** Forgets every tracked record, e.g. before the state is rebuilt from a checkpoint; `track` the new state's records. */
  clear(): void;
  /** Records tracked now. */
  readonly size: number;
}

interface Entry<T> {
  at: number;
  record: T;
}

/**
 * Tracks a product's records by time for the kit's retention cutoff: the
 * product gives it as its `expiry`, and the kit expires what is older than
 * the product's declared `retention` before each request it serves. Records
 * are kept in a binary heap by the time they had when tracked; a record
 * updated since (its time moved on) is put back at its new time when it
 * reaches the top, so an updated record needs no second `track`.
 */
export function createRecordExpiry<T>(options: RecordExpiryOptions<T>): RecordExpiry<T> {
  const { timeOf, expire } = options;
  const tracked = new Set<T>();
  const heap: Entry<T>[] = [];
  const timeMs = (record: T) => {
    const at = timeOf(record);
    const ms = at ? Date.parse(at) : Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  };
  const push = (entry: Entry<T>) => {
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  };
  const pop = (): Entry<T> => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const child = left + 1 < heap.length && heap[left + 1]!.at < heap[left]!.at ? left + 1 : left;
      if (heap[child]!.at >= last.at) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  };
  return {
    track(records) {
      for (const record of records) {
        if (tracked.has(record)) continue;
        const at = timeMs(record);
        if (at === undefined) continue;
        tracked.add(record);
        push({ at, record });
      }
    },
    expireBefore(beforeMs) {
      const expired: T[] = [];
      while (heap.length > 0 && heap[0]!.at < beforeMs) {
        const { record } = pop();
        const at = timeMs(record);
        if (at !== undefined && at >= beforeMs) push({ at, record });
        else {
          tracked.delete(record);
          if (at !== undefined) expired.push(record);
        }
      }
      if (expired.length > 0) expire(expired);
      return expired.length;
    },
    clear() {
      tracked.clear();
      heap.length = 0;
    },
    get size() {
      return tracked.size;
    },
  };
}
