import { createHmac } from 'node:crypto';

/** The headers of a webhook delivery, besides `content-type`. */
export const WEBHOOK_HEADERS = {
  /** The notification's id: the same on every retry, so a receiver drops what it already has. */
  notificationId: 'meshgraph-notification-id',
  /** `sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>`. */
  signature: 'meshgraph-signature',
  /** When this try was sent, ISO-8601. */
  timestamp: 'meshgraph-timestamp',
  /** Which try this is, from 1. */
  attempt: 'meshgraph-delivery-attempt',
} as const;

/** The `meshgraph-signature` of `body` (the exact bytes sent) with `secret`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
