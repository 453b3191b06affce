import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import { streamNotifications, type Notification, type NotificationSource } from '../notifications/index.ts';
import type { GovernanceContext, GovernanceResolvers } from './GovernanceResolvers.ts';

/**
 * `Subscription.notifications` over notification sources: the caller's own
 * notifications, after what it missed since `since`. An anonymous caller gets
 * `UNAUTHENTICATED`.
 */
export function createNotificationResolvers(sources: readonly NotificationSource[]): GovernanceResolvers {
  return {
    Subscription: {
      notifications: {
        subscribe(_parent, { since }: { since?: string | null }, { consumer }: GovernanceContext) {
          if (!consumer) {
            throw new GraphQLError('Anonymous callers have no notifications: send "Authorization: Bearer <token>" in connection_init (npx meshgraph token <consumer> prints one for a demo consumer).', {
              extensions: { code: ErrorCode.UNAUTHENTICATED },
            });
          }
          return streamNotifications({ sources, consumer, ...(since ? { since } : {}) });
        },
        resolve: (notification: Notification) => notification,
      },
    },
  };
}
