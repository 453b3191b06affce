import type { AccessAgreement } from '../AccessAgreement.ts';

/**
 * What a notification tells. The access kinds come from the agreement book;
 * more kinds (deprecations, breaking-change proposals, retirements, SLO
 * breaches) join the same list, and the same `notifications` field.
 */
export type NotificationKind = 'ACCESS_REQUESTED' | 'ACCESS_APPROVED' | 'ACCESS_REJECTED' | 'ACCESS_REVOKED' | 'ACCESS_EXPIRED';

/** Who a notification is for, besides governance, which is told of everything. */
export interface NotificationAudience {
  /** Consumers told, by id. */
  readonly consumers: readonly string[];
  /** Domains whose owners are told (`Consumer.owns`). */
  readonly owners: readonly string[];
}

/** Something a consumer should learn of, as `Subscription.notifications` tells it. */
export interface Notification {
  /** Stable: the same notification, replayed or told live, has the same id (a client that reconnects drops what it has). */
  readonly id: string;
  readonly kind: NotificationKind;
  /** The data product it is about. */
  readonly urn: string;
  /** When it happened, ISO-8601. */
  readonly at: string;
  /** What happened, in a sentence for a person. */
  readonly message: string;
  /** The consumer it is about (the agreement's), if any. */
  readonly consumer?: string;
  /** The agreement, as it stands after the change, for the access kinds. */
  readonly agreement?: AccessAgreement;
  readonly to: NotificationAudience;
}

/** Where notifications come from: what happened lately, and what happens next. */
export interface NotificationSource {
  /** Notifications at or after `since` (ISO-8601) that the source can still tell, oldest first: what a subscriber that was away missed. */
  since(since: string): readonly Notification[];
  /** Calls `listener` with each notification as it happens; returns how to stop. */
  listen(listener: (notification: Notification) => void): () => void;
}
