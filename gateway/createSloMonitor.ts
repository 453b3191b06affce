import { failureReason } from '../common/index.ts';
import { sloBreachNotification, sloRecoveredNotification, type MeshNotifications, type Notification } from '../governance/notifications/index.ts';
import type { Logger } from '../logger/index.ts';
import { durationSeconds } from '../schema/index.ts';
import type { CatalogEntry } from './catalog/index.ts';

export interface SloMonitorOptions {
  /** The catalog's products with their live figures (`MeshCatalog.entries`). */
  entries: () => Promise<readonly CatalogEntry[]>;
  /** Where breaches are told, and read back (what any replica told). */
  notifications: Pick<MeshNotifications, 'topic' | 'audience' | 'sloBreachMs'>;
  /** Time between two looks at the figures. @default the breach threshold, at most 5_000 */
  intervalMs?: number;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
  logger: Logger;
}

/** A running monitor. */
export interface SloMonitor {
  /** Looks at the figures now (what the timer does); resolves once what it found is told. */
  check(): Promise<void>;
  close(): void;
}

/**
 * Watches each data product's freshness (the age of its newest record, from
 * its domain's live figures) against its SLO. A breach starts when the newest
 * record becomes older than the SLO allows (its time plus the SLO: the same
 * instant on every replica); once it lasted `sloBreachMs`, `SLO_BREACH` is
 * told, and `SLO_RECOVERED` when a newer record brings freshness back. Every
 * replica watches and may tell the same breach: the ids, the product's and
 * the breach's start, make it one. A product whose domain does not answer,
 * that has no record yet, or that nothing fed since its domain started (the
 * domain's `fedSinceStart`: a quiet source, like the demo's generated
 * artists, is not a late product), or that is retired, is not judged.
 */
export function createSloMonitor({ entries, notifications, intervalMs, now = Date.now, logger }: SloMonitorOptions): SloMonitor {
  const { topic, audience, sloBreachMs } = notifications;
  // The breaches told and not yet ended, by product: kept from the topic, so a breach another replica told ends here too.
  const open = new Map<string, Notification>();
  const follow = (notification: Notification) => {
    if (notification.kind === 'SLO_BREACH') open.set(notification.urn, notification);
    else if (notification.kind === 'SLO_RECOVERED' && open.get(notification.urn)?.id.slice('slo:'.length) === notification.id.slice('slo-recovered:'.length)) open.delete(notification.urn);
  };
  const stopFollowing = topic.listen(follow);
  const seeded = topic.ready.then(() => {
    for (const notification of topic.since('')) follow(notification);
  });

  const judge = async ({ descriptor, figures }: CatalogEntry) => {
    const sloSeconds = durationSeconds(descriptor.slos.freshness);
    // A retired product serves no one: its staleness is no news.
    if (!figures?.lastEventAt || sloSeconds === undefined || figures.fedSinceStart === false || descriptor.status === 'retired') return;
    const since = Date.parse(figures.lastEventAt) + sloSeconds * 1_000;
    const at = now();
    const told = open.get(descriptor.urn);
    if (at > since) {
      const breach = { urn: descriptor.urn, slo: descriptor.slos.freshness, since: new Date(since).toISOString() };
      // A breach told goes on until freshness comes back, whatever records arrive meanwhile still too old.
      if (at - since >= sloBreachMs && !told) await topic.publish(sloBreachNotification(breach, sloBreachMs, audience(descriptor)));
    } else if (told) await topic.publish(sloRecoveredNotification(told, new Date(at).toISOString(), audience(descriptor)));
  };

  let looking: Promise<void> | undefined;
  const check = () =>
    (looking ??= (async () => {
      try {
        await seeded;
        for (const entry of await entries()) await judge(entry);
      } catch (error) {
        logger.warn('could not judge the data products\' freshness; trying again at the next look', { reason: failureReason(error) });
      } finally {
        looking = undefined;
      }
    })());
  const timer = setInterval(() => void check(), intervalMs ?? Math.min(sloBreachMs, 5_000));
  timer.unref();
  return {
    check,
    close() {
      clearInterval(timer);
      stopFollowing();
    },
  };
}
