import type { LifecycleChange } from '../../registry/lifecycle/ProductLifecycle.ts';
import type { Notification, NotificationAudience } from './Notification.ts';

const successorOf = (successor: string | undefined) => (successor ? ` Its successor is ${successor}.` : '');

/**
 * The notification of a lifecycle move its consumers must hear of — a
 * deprecation or a retirement — or undefined for other moves. Its id is the
 * product's and the move's time, so every replica that learns of the move
 * produces the same one.
 */
export function lifecycleNotification(change: LifecycleChange, to: NotificationAudience): Notification | undefined {
  const { urn, reason, successor, sunset, by, at } = change;
  const told = { urn, at, to, ...(successor ? { successor } : {}) };
  switch (change.to) {
    case 'deprecated':
      return {
        ...told,
        id: `deprecated:${urn}:${at}`,
        kind: 'DATA_PRODUCT_DEPRECATED',
        ...(sunset ? { sunset } : {}),
        message: `${by} deprecated ${urn}: “${reason}”.${sunset ? ` It may be retired from ${sunset} on.` : ''}${successorOf(successor)}`,
      };
    case 'retired':
      return { ...told, id: `retired:${urn}:${at}`, kind: 'DATA_PRODUCT_RETIRED', message: `${by} retired ${urn}: “${reason}”. It no longer serves.${successorOf(successor)}` };
    case 'proposed':
    case 'active':
      return undefined;
    default:
      throw new TypeError(`Unknown data product status ${JSON.stringify(change.to satisfies never)}.`);
  }
}
