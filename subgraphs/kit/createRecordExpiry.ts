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
  /** Starts ageing records just added to the product's state. Track a record once, when it first has a time: an update moves it on by itself. */
  track(records: Iterable<T>): void;
  /**
   * Expires every tracked record that last changed before `beforeMs`
   * (milliseconds since 1970), in one call of `expire`, and returns how many
   * it expired. Costs a comparison when none did.
   */
  expireBefore(beforeMs: number): number;
  /** Forgets every tracked record, e.g. before the state is rebuilt from a checkpoint; `track` the new state's records. */
  clear(): void;
  /** Records tracked now (and not expired). */
  readonly size: number;
}

/** An event time as the mesh writes it (`toISOString`: UTC, milliseconds), so that times compare as strings; `undefined` when it is none. */
function isoKey(at: string | null | undefined): string | undefined {
  if (!at) return undefined;
  if (at.length === 24 && at.endsWith('Z')) return at;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
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
  // The heap as two arrays (times and records), not an object per record: products track hundreds of thousands.
  const times: string[] = [];
  const records: T[] = [];
  const push = (at: string, record: T) => {
    let i = times.length;
    times.push(at);
    records.push(record);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= at) break;
      times[i] = times[parent]!;
      records[i] = records[parent]!;
      i = parent;
    }
    times[i] = at;
    records[i] = record;
  };
  const pop = (): T => {
    const top = records[0]!;
    const at = times.pop()!;
    const record = records.pop()!;
    if (times.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= times.length) break;
      const child = left + 1 < times.length && times[left + 1]! < times[left]! ? left + 1 : left;
      if (times[child]! >= at) break;
      times[i] = times[child]!;
      records[i] = records[child]!;
      i = child;
    }
    times[i] = at;
    records[i] = record;
    return top;
  };
  return {
    track(added) {
      for (const record of added) {
        const at = isoKey(timeOf(record));
        if (at !== undefined) push(at, record);
      }
    },
    expireBefore(beforeMs) {
      if (!Number.isFinite(beforeMs)) return 0;
      const before = new Date(beforeMs).toISOString();
      const expired: T[] = [];
      while (times.length > 0 && times[0]! < before) {
        const record = pop();
        const at = isoKey(timeOf(record));
        if (at !== undefined && at >= before) push(at, record);
        else if (at !== undefined) expired.push(record);
      }
      if (expired.length > 0) expire(expired);
      return expired.length;
    },
    clear() {
      times.length = 0;
      records.length = 0;
    },
    get size() {
      return times.length;
    },
  };
}
