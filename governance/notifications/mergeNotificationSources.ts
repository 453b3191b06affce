import type { NotificationSource } from './Notification.ts';

/** One source of several (the agreement book's, the notifications topic's): what each can replay, merged oldest first, and what each tells next. */
export function mergeNotificationSources(sources: readonly NotificationSource[]): NotificationSource {
  return {
    since: (since) => sources.flatMap((source) => source.since(since)).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    listen(listener) {
      const stops = sources.map((source) => source.listen(listener));
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
