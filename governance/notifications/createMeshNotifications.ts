import type { EventLog } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import type { AgreementBook } from '../Governance.ts';
import { affectedAudience, type AffectedAudienceOptions } from './affectedAudience.ts';
import { createAgreementNotifications } from './createAgreementNotifications.ts';
import { createNotificationLog, type NotificationLog } from './createNotificationLog.ts';
import { mergeNotificationSources } from './mergeNotificationSources.ts';
import type { NotificationAudience, NotificationSource } from './Notification.ts';

/** How long a product's freshness may stay beyond its SLO before its consumers are told, when nobody says otherwise: 5 minutes. */
export const DEFAULT_SLO_BREACH_MS = 5 * 60_000;

export interface MeshNotificationsOptions {
  /** The event log of the notifications topic, opened as governance. */
  log: EventLog;
  /** The access agreements: their changes are notifications, and their consumers part of a product's audience. */
  agreements: Pick<AgreementBook, 'list' | 'onChange'>;
  /** The use the gateways recorded (`FieldUsageLog`): its consumers are part of a product's audience. */
  usage: AffectedAudienceOptions['usage'];
  /** Days of recorded use that make a consumer affected. @default 30 */
  windowDays?: number;
  /** How long freshness may stay beyond its SLO before `SLO_BREACH` is told (`MESHGRAPH_SLO_BREACH_MS`). @default 300_000 */
  sloBreachMs?: number;
  logger: Logger;
}

/** The mesh's notifications on a gateway: what it tells (agreements and the notifications topic), and what its producers need. */
export interface MeshNotifications {
  /** Every notification, the agreement book's and the topic's: what `Subscription.notifications`, `Query.notifications` and webhooks read. */
  readonly source: NotificationSource;
  /** The notifications topic, where producers append. */
  readonly topic: NotificationLog;
  /** Who a change of a data product affects: agreements ∪ observed use ∪ its owners. */
  audience(product: Pick<DataProductDescriptor, 'urn' | 'domain' | 'outputPorts' | 'schema'>): NotificationAudience;
  /** How long a freshness breach lasts before it is told. */
  readonly sloBreachMs: number;
  /** Resolves once the topic was read back. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * The notifications a gateway tells: the access agreements' changes (from
 * the agreement book) merged with the notifications topic that every
 * replica follows, where the producers of a data product's life append
 * (`createNotificationProducers`).
 */
export function createMeshNotifications({ log, agreements, usage, windowDays, sloBreachMs = DEFAULT_SLO_BREACH_MS, logger }: MeshNotificationsOptions): MeshNotifications {
  if (!(Number.isFinite(sloBreachMs) && sloBreachMs > 0)) throw new RangeError(`createMeshNotifications: "sloBreachMs" must be a number of milliseconds above 0, but is ${sloBreachMs}.`);
  const topic = createNotificationLog({ log, logger });
  return {
    source: mergeNotificationSources([createAgreementNotifications(agreements), topic]),
    topic,
    audience: affectedAudience({ agreements, usage, ...(windowDays ? { windowDays } : {}) }),
    sloBreachMs,
    ready: topic.ready,
    close: () => topic.close(),
  };
}
