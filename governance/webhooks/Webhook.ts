import type { Consumer } from '../Consumer.ts';

/** A consumer's webhook: where its notifications are POSTed, and how they are signed. */
export interface Webhook {
  /**
   * The consumer, as its credentials told it when it set the webhook: the
   * audience rules (`addressedTo`: its id, the domains it owns, governance)
   * read it, as a subscription reads the subscriber's.
   */
  readonly consumer: Consumer;
  /** An http(s) URL. */
  readonly url: string;
  /** The HMAC-SHA256 key of the `meshgraph-signature` header; the consumer got it once, when it set the webhook. */
  readonly secret: string;
  /** When it was set, ISO-8601: notifications replayed after a restart are delivered only from then on. */
  readonly createdAt: string;
}

/** One try to deliver a notification, as the consumer reads it (`NotificationWebhook.lastDelivery`). */
export interface DeliveryAttempt {
  /** When the try ended, ISO-8601. */
  readonly at: string;
  readonly notificationId: string;
  /** Which try, from 1. */
  readonly attempt: number;
  /** The receiver answered 2xx. */
  readonly delivered: boolean;
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  /** Why the try failed (`HTTP 500`, `timeout`, `ECONNREFUSED`, `no webhook`), when it did. */
  readonly error?: string;
}

/** What a consumer sees of its webhook's deliveries. */
export interface WebhookDeliveryStatus {
  /** The latest try, delivered or not, since the webhook was set. */
  readonly lastDelivery?: DeliveryAttempt;
  /** The latest try failed. */
  readonly failing: boolean;
  /** Notifications not delivered yet, still retried. */
  readonly pending: number;
}
