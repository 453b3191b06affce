import type { AgreementBook } from '../Governance.ts';
import { agreementNotification } from './agreementNotification.ts';
import type { NotificationSource } from './Notification.ts';

/**
 * The notifications of access agreements, from the agreement book: live, each
 * change the book applies (made on any replica, read from the governance
 * topic); replayed, the agreements that changed since, each as it stands now.
 * The topic is compacted and the book holds each agreement's last state, so a
 * replay tells each agreement's latest change, not every step before it (a
 * request approved while the owner was away replays as its approval).
 */
export function createAgreementNotifications(book: Pick<AgreementBook, 'list' | 'onChange'>): NotificationSource {
  return {
    since: (since) =>
      book
        .list({})
        .map(agreementNotification)
        .filter((notification) => notification.at >= since)
        .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    listen: (listener) => book.onChange((agreement) => listener(agreementNotification(agreement))),
  };
}
