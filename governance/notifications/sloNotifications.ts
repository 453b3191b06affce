import type { Notification, NotificationAudience } from './Notification.ts';

/** A data product's freshness beyond its SLO, from the moment it went beyond. */
export interface FreshnessBreach {
  readonly urn: string;
  /** The freshness SLO, as declared (`PT5M`). */
  readonly slo: string;
  /** When the newest record became older than the SLO allows: its time plus the SLO, ISO-8601. The same on every replica that reads the same figures. */
  readonly since: string;
}

/** The notification of a breach that lasted `lastedMs`: its id is the product's and the breach's start, so every replica that saw it produces the same one. */
export function sloBreachNotification(breach: FreshnessBreach, lastedMs: number, to: NotificationAudience): Notification {
  return {
    id: `slo:${breach.urn}:${breach.since}`,
    kind: 'SLO_BREACH',
    urn: breach.urn,
    at: new Date(Date.parse(breach.since) + lastedMs).toISOString(),
    message: `${breach.urn} is not as fresh as its SLO promises (newest record at most ${breach.slo} old) since ${breach.since}, for more than ${Math.round(lastedMs / 1_000)} s.`,
    to,
  };
}

/** The notification that the breach `told` (an `SLO_BREACH`) ended at `at`: its id follows the breach's, so replicas that see the end produce the same one. */
export function sloRecoveredNotification(told: Notification, at: string, to: NotificationAudience): Notification {
  return {
    id: `slo-recovered:${told.id.slice('slo:'.length)}`,
    kind: 'SLO_RECOVERED',
    urn: told.urn,
    at,
    message: `${told.urn} is as fresh as its SLO promises again: the breach told at ${told.at} ended.`,
    to,
  };
}
