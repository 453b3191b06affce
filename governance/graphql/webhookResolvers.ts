import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import type { Consumer } from '../Consumer.ts';
import { isPrivateAddress, type Webhook, type WebhookBook, type WebhookDeliveries } from '../webhooks/index.ts';
import type { GovernanceContext, GovernanceResolvers } from './GovernanceResolvers.ts';

export interface WebhookResolversOptions {
  /** The webhooks the mutations change. */
  book: WebhookBook;
  /** How their deliveries go, for `lastDelivery`, `failing` and `pending`. */
  deliveries: Pick<WebhookDeliveries, 'status' | 'ping'>;
  /** Whether a webhook may be at a loopback, private or link-local address; when refused, a URL that names one is refused at once (a name that resolves to one fails each delivery). @default 'refuse' */
  privateNetworks?: 'allow' | 'refuse';
}

const authenticated = (consumer: Consumer | undefined): Consumer => {
  if (consumer) return consumer;
  throw new GraphQLError('Anonymous callers have no notifications to send to a webhook: send "Authorization: Bearer <token>" (npx meshgraph token <consumer> prints one for a demo consumer).', {
    extensions: { code: ErrorCode.UNAUTHENTICATED },
  });
};

/** The URL as given, when it is an absolute http(s) URL (at no private address, when those are refused); a `BAD_USER_INPUT` error saying what came otherwise. */
function webhookUrl(text: string, privateNetworks: 'allow' | 'refuse'): string {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch {
    // Reported below, with what came.
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new GraphQLError(`A webhook is an absolute http(s) URL, like "https://hooks.example.com/meshgraph", but "${text}" is ${url ? `a ${url.protocol} URL` : 'no URL'}.`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  if (privateNetworks === 'refuse' && isPrivateAddress(url.hostname)) {
    throw new GraphQLError(`A webhook must be reachable on the internet, but ${url.hostname} is a loopback, private or link-local address, which this gateway refuses (MESHGRAPH_WEBHOOK_PRIVATE_NETWORKS).`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return url.href;
}

/**
 * `setNotificationWebhook`, `removeNotificationWebhook`,
 * `pingNotificationWebhook` and `notificationWebhook`: the caller's own
 * webhook, never another's. The
 * secret is answered once, when it is made.
 */
export function createWebhookResolvers({ book, deliveries, privateNetworks = 'refuse' }: WebhookResolversOptions): GovernanceResolvers {
  const view = (webhook: Webhook, { withSecret }: { withSecret: boolean }) => ({
    url: webhook.url,
    createdAt: webhook.createdAt,
    secret: withSecret ? webhook.secret : null,
    ...deliveries.status(webhook.consumer.id, webhook.createdAt),
  });
  return {
    Query: {
      async notificationWebhook(_parent, _args, { consumer }: GovernanceContext) {
        const caller = authenticated(consumer);
        await book.ready;
        const webhook = book.get(caller.id);
        return webhook ? view(webhook, { withSecret: false }) : null;
      },
    },
    Mutation: {
      async setNotificationWebhook(_parent, { url }: { url: string }, { consumer }: GovernanceContext) {
        const caller = authenticated(consumer);
        return view(await book.set(caller, webhookUrl(url, privateNetworks)), { withSecret: true });
      },
      removeNotificationWebhook: (_parent, _args, { consumer }: GovernanceContext) => book.remove(authenticated(consumer).id),
      async pingNotificationWebhook(_parent, _args, { consumer }: GovernanceContext) {
        const caller = authenticated(consumer);
        await book.ready;
        return (await deliveries.ping(caller.id)) ?? null;
      },
    },
  };
}
