import { GOVERNANCE_SCOPE, type Consumer } from '../Consumer.ts';
import type { Notification } from './Notification.ts';

/** True when `notification` is for `consumer`: one it names, an owner of a domain it names, or governance (told of everything). */
export function addressedTo(notification: Notification, consumer: Consumer): boolean {
  const { consumers, owners } = notification.to;
  return consumer.scopes.includes(GOVERNANCE_SCOPE) || consumers.includes(consumer.id) || owners.some((domain) => consumer.owns.includes(domain));
}
