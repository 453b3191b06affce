/** Something the viewer should learn of. */
export interface Notification {
  id: string;
  kind: string;
  urn: string;
  at: string;
  message: string;
}

const NOTIFICATION_FIELDS = 'id kind urn at message';

/** The viewer's notifications so far, newest first. */
export const NOTIFICATIONS_QUERY = /* GraphQL */ `
  query Notifications { notifications(first: 50) { ${NOTIFICATION_FIELDS} } }
`;

/** The viewer's notifications as they happen, from `since` on. */
export const NOTIFICATIONS_SUBSCRIPTION = /* GraphQL */ `
  subscription LiveNotifications($since: DateTime) { notifications(since: $since) { ${NOTIFICATION_FIELDS} } }
`;
