import type { AccessAgreement } from '../AccessAgreement.ts';

/** The kinds the agreement book tells: an agreement's changes. */
export const AGREEMENT_KINDS = ['ACCESS_REQUESTED', 'ACCESS_APPROVED', 'ACCESS_REJECTED', 'ACCESS_REVOKED', 'ACCESS_EXPIRED'] as const;

/** The kinds of a data product's life, told on the notifications topic (`NOTIFICATIONS_TOPIC`). */
export const PRODUCT_KINDS = ['DATA_PRODUCT_DEPRECATED', 'DATA_PRODUCT_RETIRED', 'BREAKING_CHANGE_PROPOSED', 'DEPRECATED_FIELD_USED', 'SLO_BREACH', 'SLO_RECOVERED'] as const;

/**
 * What a notification tells: an access agreement's change (from the
 * agreement book), or a moment of a data product's life (from the
 * notifications topic); one list, one `notifications` field.
 */
export type NotificationKind = (typeof AGREEMENT_KINDS)[number] | (typeof PRODUCT_KINDS)[number];

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
  /** The schema coordinates concerned (`Type.field`): those a refused publication would break, the deprecated field used. */
  readonly fields?: readonly string[];
  /** The operations of the consumers that use `fields` (names, or hashes of unnamed ones). */
  readonly operations?: readonly string[];
  /** The data product that replaces it, for a deprecation or retirement that names one. */
  readonly successor?: string;
  /** The day (`YYYY-MM-DD`) from which (00:00 UTC) the deprecated product or field may go. */
  readonly sunset?: string;
  readonly to: NotificationAudience;
}

/** Where notifications come from: what happened lately, and what happens next. */
export interface NotificationSource {
  /** Notifications at or after `since` (ISO-8601) that the source can still tell, oldest first: what a subscriber that was away missed. */
  since(since: string): readonly Notification[];
  /** Calls `listener` with each notification as it happens; returns how to stop. */
  listen(listener: (notification: Notification) => void): () => void;
}
