export type { Notification, NotificationAudience, NotificationKind, NotificationSource } from './Notification.ts';
export { addressedTo } from './addressedTo.ts';
export { agreementNotification } from './agreementNotification.ts';
export { createAgreementNotifications } from './createAgreementNotifications.ts';
export { streamNotifications, type NotificationStreamOptions } from './streamNotifications.ts';
