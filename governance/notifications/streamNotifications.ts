import type { Consumer } from '../Consumer.ts';
import { addressedTo } from './addressedTo.ts';
import type { Notification, NotificationSource } from './Notification.ts';

export interface NotificationStreamOptions {
  /** Where notifications come from. */
  sources: readonly NotificationSource[];
  /** Who listens: only notifications addressed to it are told (`addressedTo`). */
  consumer: Consumer;
  /** First tell what the sources can still tell from this time on (ISO-8601), oldest first, then what happens next. @default live notifications only */
  since?: string;
}

/**
 * One consumer's notifications as an async iterator, for a subscription
 * field: what it missed since `since`, then each new one as it happens. A
 * notification told in the replay is not told again live (an expiry, say,
 * that the replay saw before the book's timer announced it). Ending the
 * iterator stops listening. Nothing is dropped: the gateway's subscription
 * engine takes each notification as it comes and bounds what a slow client
 * may hold.
 */
export function streamNotifications({ sources, consumer, since }: NotificationStreamOptions): AsyncIterableIterator<Notification> {
  const queue: Notification[] = [];
  const told = new Set<string>();
  let wake: (() => void) | undefined;
  let ended = false;
  const tell = (notification: Notification) => {
    if (ended || !addressedTo(notification, consumer) || told.has(notification.id)) return;
    queue.push(notification);
    wake?.();
  };
  // Listening starts before the replay is read, in the same turn: no change falls between the two.
  const stops = sources.map((source) => source.listen(tell));
  if (since !== undefined) {
    const missed = sources.flatMap((source) => source.since(since)).sort((a, b) => a.at.localeCompare(b.at));
    for (const notification of missed) tell(notification);
    for (const notification of queue) told.add(notification.id);
  }
  const end = () => {
    if (ended) return;
    ended = true;
    for (const stop of stops) stop();
    wake?.();
  };

  const iterator: AsyncIterableIterator<Notification> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      for (;;) {
        const notification = queue.shift();
        if (notification) return { value: notification, done: false };
        if (ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    async return() {
      end();
      queue.length = 0;
      return { value: undefined, done: true };
    },
  };
  return iterator;
}
