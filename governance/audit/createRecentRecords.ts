/** The most recent items of a stream, at most a fixed number of them. */
export interface RecentRecords<T> {
  /** Adds an item; past the capacity the oldest is forgotten. */
  push(item: T): void;
  /** The items kept, newest first. */
  newestFirst(): T[];
  readonly size: number;
}

/** A ring of `capacity` slots: pushing past it overwrites the oldest, so memory stays bounded and nothing is copied. */
export function createRecentRecords<T>(capacity: number): RecentRecords<T> {
  const slots: T[] = [];
  let next = 0;
  return {
    push(item) {
      slots[next] = item;
      next = (next + 1) % capacity;
    },
    newestFirst() {
      const items: T[] = [];
      for (let i = 1; i <= slots.length; i++) items.push(slots[(next - i + capacity) % capacity]!);
      return items;
    },
    get size() {
      return slots.length;
    },
  };
}
