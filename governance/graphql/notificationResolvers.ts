import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import type { Consumer } from '../Consumer.ts';
import { addressedTo, mergeNotificationSources, streamNotifications, type Notification, type NotificationSource } from '../notifications/index.ts';
import type { GovernanceContext, GovernanceResolvers } from './GovernanceResolvers.ts';

const anonymous = () =>
  new GraphQLError('Anonymous callers have no notifications: send "Authorization: Bearer <token>" (in connection_init over WebSocket; npx meshgraph token <consumer> prints one for a demo consumer).', {
    extensions: { code: ErrorCode.UNAUTHENTICATED },
  });

const checkFirst = (first: number) => {
  if (!(Number.isInteger(first) && first >= 0)) throw new GraphQLError(`"first" must be 0 or more, but is ${first}.`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
};

/** What `source` can still tell that concerns `consumer` and passes `keep`, newest first, at most `first`. */
const told = (source: NotificationSource, consumer: Consumer, since: string, first: number, keep: (n: Notification) => boolean = () => true) =>
  source
    .since(since)
    .filter((notification) => keep(notification) && addressedTo(notification, consumer))
    .reverse()
    .slice(0, first);

/**
 * The notifications over notification sources, each the caller's own
 * (`addressedTo`): `Subscription.notifications`, after what it missed since
 * `since`; `Query.notifications`, what it can still be told, newest first;
 * `DataProduct.notifications`, the same about one product. An anonymous
 * caller gets `UNAUTHENTICATED` (and no product's notifications).
 */
export function createNotificationResolvers(sources: readonly NotificationSource[]): GovernanceResolvers {
  const all = mergeNotificationSources(sources);
  return {
    Query: {
      notifications(_parent, { since, first }: { since?: string | null; first: number }, { consumer }: GovernanceContext) {
        if (!consumer) throw anonymous();
        checkFirst(first);
        return told(all, consumer, since ?? '', first);
      },
    },
    DataProduct: {
      notifications(product: { urn: string }, { first }: { first: number }, { consumer }: GovernanceContext) {
        checkFirst(first);
        return consumer ? told(all, consumer, '', first, (notification) => notification.urn === product.urn) : [];
      },
    },
    Subscription: {
      notifications: {
        subscribe(_parent, { since }: { since?: string | null }, { consumer }: GovernanceContext) {
          if (!consumer) throw anonymous();
          return streamNotifications({ sources, consumer, ...(since ? { since } : {}) });
        },
        resolve: (notification: Notification) => notification,
      },
    },
  };
}
