import { useEffect, useState } from 'preact/hooks';
import { productPath } from '../product/productPath.ts';
import { useSession } from '../session/session.ts';
import { productName, when } from './format.ts';
import { useNotifications } from './notificationFeed.ts';
import { markSeen, seenUntil } from './seenNotifications.ts';
import './notifications.css';

/** `ACCESS_REQUESTED` → `Access requested`. */
const kindText = (kind: string) => kind.charAt(0) + kind.slice(1).toLowerCase().replace(/_/g, ' ');

/**
 * The header's notifications: how many the viewer has not seen, live, and
 * the list when opened (opening it marks them seen, in this browser).
 * Nothing for an anonymous viewer.
 */
export function NotificationBell() {
  const consumer = useSession()?.consumer;
  const notifications = useNotifications();
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(() => (consumer ? seenUntil(consumer) : undefined));
  useEffect(() => setSeen(consumer ? seenUntil(consumer) : undefined), [consumer]);
  const close = () => {
    setOpen(false);
    setSeen(consumer ? seenUntil(consumer) : undefined);
  };
  const newest = notifications?.[0]?.at;
  // What arrives while the list is open is seen too; the highlight stays on what was new when it opened.
  useEffect(() => {
    if (open && consumer && newest) markSeen(consumer, newest);
  }, [open, consumer, newest]);
  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => event.key === 'Escape' && close();
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [open]);
  if (!consumer || !notifications) return null;
  const isNew = (at: string) => !seen || at > seen;
  const unseen = open ? 0 : notifications.filter((notification) => isNew(notification.at)).length;
  return (
    <div class="notifications">
      <button type="button" class="notifications-toggle" aria-expanded={open} aria-controls="notification-list" onClick={() => (open ? close() : setOpen(true))}>
        Notifications
        {unseen > 0 && (
          <span class="count" data-count={unseen}>
            {unseen}
            <span class="visually-hidden"> unseen</span>
          </span>
        )}
      </button>
      {open && (
        <div id="notification-list" class="notification-panel" role="region" aria-label="Your notifications">
          {notifications.length ? (
            <ol>
              {notifications.map((notification) => (
                <li key={notification.id} class={isNew(notification.at) ? 'new' : undefined} data-kind={notification.kind}>
                  <p class="notification-head">
                    <strong>{kindText(notification.kind)}</strong> · <a href={productPath(notification.urn)} onClick={close}>{productName(notification.urn)}</a> ·{' '}
                    <time dateTime={notification.at}>{when(notification.at)}</time>
                  </p>
                  <p class="notification-message">{notification.message}</p>
                </li>
              ))}
            </ol>
          ) : (
            <p>Nothing yet: you hear here of access requests and decisions, and of the data products you use or own.</p>
          )}
        </div>
      )}
    </div>
  );
}
