/** The localStorage key of when each viewer last opened its notifications: `{ [consumer]: ISO time of the newest one it saw }`. */
const SEEN_KEY = 'meshgraph.notifications.seen';

function readSeen(): Record<string, string> {
  try {
    const seen = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}') as unknown;
    return seen && typeof seen === 'object' ? (seen as Record<string, string>) : {};
  } catch {
    return {}; // unreadable: nothing seen yet
  }
}

/** The time of the newest notification `consumer` has seen, if it ever opened the list (kept per browser, in every tab). */
export const seenUntil = (consumer: string): string | undefined => readSeen()[consumer];

/** Remembers that `consumer` has seen every notification up to `at`. */
export function markSeen(consumer: string, at: string): void {
  localStorage.setItem(SEEN_KEY, JSON.stringify({ ...readSeen(), [consumer]: at }));
}
