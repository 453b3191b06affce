import { useEffect, useState } from 'preact/hooks';
import { request } from '../graph/request.ts';
import { useSession } from '../session/session.ts';
import { NOTIFICATIONS_QUERY, NOTIFICATIONS_SUBSCRIPTION, type Notification } from './notificationQueries.ts';

type Listener = (notifications: readonly Notification[]) => void;

/** The signed-in viewer's notifications, shared by every component of the page that shows or reacts to them. */
interface Feed {
  token: string;
  /** Newest first, one per id; undefined until the list came. */
  notifications: readonly Notification[] | undefined;
  listeners: Set<Listener>;
  stop(): void;
}

let feed: Feed | undefined;

// With no notification yet to resume from, the live subscription replays the last minutes, so nothing told between the list's answer and the subscription's start is lost.
const REPLAY_MS = 10 * 60_000;

/**
 * The viewer's notifications, newest first: the `notifications` query, then
 * `Subscription.notifications(since:)` from the newest one for what comes
 * live. One feed per page and viewer, however many components ask; it stops
 * when none does, and starts again for another viewer. Undefined when signed
 * out (the gateway refuses anonymous callers) and until the list came.
 */
export function useNotifications(): readonly Notification[] | undefined {
  const token = useSession()?.token;
  const [notifications, setNotifications] = useState<readonly Notification[] | undefined>(undefined);
  useEffect(() => {
    setNotifications(undefined);
    if (!token) return;
    return follow(token, setNotifications);
  }, [token]);
  return notifications;
}

function follow(token: string, listener: Listener): () => void {
  if (feed?.token !== token) {
    feed?.stop();
    feed = start(token);
  }
  const current = feed;
  current.listeners.add(listener);
  if (current.notifications) listener(current.notifications);
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0 && feed === current) {
      current.stop();
      feed = undefined;
    }
  };
}

function start(token: string): Feed {
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  const started: Feed = {
    token,
    notifications: undefined,
    listeners: new Set(),
    stop() {
      stopped = true;
      unsubscribe?.();
    },
  };
  /** Merges what came (a replay may tell one again, with the same id), newest first, and tells every listener. */
  const add = (came: readonly Notification[]) => {
    const byId = new Map((started.notifications ?? []).map((n) => [n.id, n]));
    for (const notification of came) byId.set(notification.id, notification);
    started.notifications = [...byId.values()].sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
    for (const listener of started.listeners) listener(started.notifications);
  };
  const resumeFrom = new Date(Date.now() - REPLAY_MS).toISOString();
  void request<{ notifications: Notification[] }>(NOTIFICATIONS_QUERY)
    .then(({ notifications }) => {
      add(notifications);
      return notifications[0]?.at ?? resumeFrom;
    })
    // A list the gateway would not give (an expired token, say) leaves the bell at nothing; the subscription still tries.
    .catch(() => resumeFrom)
    .then(async (since) => {
      // graphql-ws loads only for a signed-in viewer: the landing page of an anonymous one does without it.
      const { subscribe } = await import('../graph/subscribe.ts');
      if (stopped) return;
      unsubscribe = subscribe<{ notifications: Notification }>(NOTIFICATIONS_SUBSCRIPTION, { since }, { next: ({ data }) => data && add([data.notifications]) });
    });
  return started;
}
