import { failureReason } from '../common/index.ts';
import { productDomain } from '../governance/agreements/productDomain.ts';
import { breakingChangeNotifications, deprecatedUseNotification, lifecycleNotification, NOTIFICATIONS_RETENTION_MS, productOf, type MeshNotifications, type Notification } from '../governance/notifications/index.ts';
import type { Logger } from '../logger/index.ts';
import type { RefusedPublication } from '../registry/createMeshRegistry.ts';
import { movesWithSuccessors } from '../registry/lifecycle/movesWithSuccessors.ts';
import type { LifecycleBook, LifecycleChange, ProductLifecycle } from '../registry/lifecycle/ProductLifecycle.ts';
import type { DataProductDescriptor } from '../schema/index.ts';
import type { MeshCatalog } from './catalog/index.ts';
import { createSloMonitor, type SloMonitorOptions } from './createSloMonitor.ts';
import type { UsedDeprecation } from './operationCoordinates.ts';

export interface NotificationProducersOptions {
  notifications: MeshNotifications;
  /** The gateway's catalog: the products (their fields, owners and live figures) notifications are about. */
  catalog: Pick<MeshCatalog, 'entries'>;
  /** The data products' lifecycles: deprecations and retirements are told, those made while no gateway ran too. @default none */
  lifecycle?: Pick<LifecycleBook, 'ready' | 'list' | 'onChange'>;
  /** The registry: the publications it refuses for breaking real use are told. @default none */
  registry?: { onRefused(listener: (refused: RefusedPublication) => void): () => void; list(): readonly { name: string; descriptors: readonly DataProductDescriptor[] }[] };
  /** Time between two looks at the products' freshness. @default the SLO monitor's */
  sloIntervalMs?: SloMonitorOptions['intervalMs'];
  logger: Logger;
}

/** What produces notifications of the data products' lives on a gateway, and how to stop it. */
export interface NotificationProducers {
  /** Tells `consumer` and the owners that it used fields deprecated with a sunset (once per consumer, field and day); what the field usage plugin calls. */
  onDeprecatedUse(consumer: string, operation: string, deprecations: readonly UsedDeprecation[]): void;
  /** Settles once this replica told the moves on the lifecycle topic that the notifications topic had not (those made while no gateway's producers ran). */
  readonly caughtUp: Promise<void>;
  /** Looks at the products' freshness now. */
  checkSlos(): Promise<void>;
  close(): void;
}

/** What a product the catalog no longer has is known by: its URN, and its domain's owners. */
const bare = (urn: string) => ({ urn, domain: productDomain(urn) ?? '', outputPorts: [], schema: [] });

/**
 * The producers of a gateway's notifications of the data products' lives,
 * appended to the notifications topic: lifecycle moves (deprecations,
 * retirements: every replica learns of a move and produces the same id; at
 * start, the moves whose ids the topic lacks, made while none ran),
 * publications refused for breaking real use (on the replica that refused
 * them), deprecated fields used (on the replica that served them: once per
 * consumer, field and day) and freshness breaches (every replica watches;
 * ids make one of each).
 */
export function createNotificationProducers({ notifications, catalog, lifecycle, registry, sloIntervalMs, logger }: NotificationProducersOptions): NotificationProducers {
  const { topic, audience } = notifications;
  /** Appends what `produced` resolves with; settles once appended, and never rejects (a failure is logged). */
  const publishing = (what: string, produced: Promise<readonly Notification[]>): Promise<void> =>
    produced
      .then((all) => Promise.all(all.map((notification) => topic.publish(notification))))
      .then(
        () => undefined,
        (error: unknown) => logger.error(`could not tell ${what}`, { reason: failureReason(error) }),
      );
  const tell = (what: string, produced: Promise<readonly Notification[]>) => void publishing(what, produced);
  const products = async () => (await catalog.entries()).map((entry) => entry.descriptor);

  /** The notifications of `moves` not told yet, each to its product's audience (by the descriptor its lifecycle kept once the catalog no longer has it). */
  const moveNotifications = async (moves: readonly { change: LifecycleChange; lifecycle: ProductLifecycle }[]) => {
    const all = moves.length > 0 ? await products() : [];
    return moves.flatMap(({ change, lifecycle: { descriptor } }) => {
      const product = all.find((p) => p.urn === change.urn) ?? descriptor ?? bare(change.urn);
      const notification = lifecycleNotification(change, audience(product));
      return notification && !topic.has(notification.id) ? [notification] : [];
    });
  };
  const stopLifecycle = lifecycle?.onChange((change, moved) =>
    tell(`the move of ${change.urn} to ${change.to}`, moveNotifications([{ change: movesWithSuccessors(moved).at(-1)!, lifecycle: moved }])),
  );
  // A move made while no gateway's producers ran is on the lifecycle topic, and its id is not on the notifications topic: told now, once.
  // Older than the notifications' retention, it was told and has since gone from the topic.
  const caughtUp = lifecycle
    ? publishing('the lifecycle moves made while no gateway ran', Promise.all([lifecycle.ready, notifications.ready]).then(() => {
        const since = Date.now() - NOTIFICATIONS_RETENTION_MS;
        return moveNotifications(lifecycle.list().flatMap((moved) => movesWithSuccessors(moved).filter((change) => Date.parse(change.at) >= since).map((change) => ({ change, lifecycle: moved }))));
      }))
    : Promise.resolve();

  const stopRefusals = registry?.onRefused(({ by, at, subgraphs, reports }) =>
    tell('a refused publication', Promise.resolve(
      subgraphs.flatMap(({ name, descriptors }) => {
        // The products as served now: the fields the change would break are theirs.
        const current = registry.list().find((s) => s.name === name)?.descriptors ?? descriptors;
        return breakingChangeNotifications({ subgraph: name, by, at, problems: reports.find((r) => r.subgraph === name)?.problems ?? [], products: current });
      }),
    )),
  );

  // Once per consumer, field and day on this replica; the ids make it once across replicas.
  const told = { day: '', keys: new Set<string>() };
  const onDeprecatedUse = (consumer: string, operation: string, deprecations: readonly UsedDeprecation[]) => {
    if (consumer === 'anonymous' || deprecations.length === 0) return;
    const at = new Date().toISOString();
    const day = at.slice(0, 10);
    if (told.day !== day) Object.assign(told, { day, keys: new Set() });
    const fresh = deprecations.filter(({ coordinate, sunset }) => sunset !== undefined && !told.keys.has(`${consumer}|${coordinate}`));
    if (fresh.length === 0) return;
    for (const { coordinate } of fresh) told.keys.add(`${consumer}|${coordinate}`);
    tell(`the use of deprecated fields by ${consumer}`, (async () => {
      const all = await products();
      return fresh.flatMap(({ coordinate, reason, sunset }) => {
        const product = productOf(all, coordinate);
        return product ? [deprecatedUseNotification({ consumer, operation, coordinate, reason, sunset: sunset!, at }, product)] : [];
      });
    })());
  };

  const monitor = createSloMonitor({ entries: () => catalog.entries(), notifications, ...(sloIntervalMs ? { intervalMs: sloIntervalMs } : {}), logger });
  return {
    caughtUp,
    onDeprecatedUse,
    checkSlos: () => monitor.check(),
    close() {
      stopLifecycle?.();
      stopRefusals?.();
      monitor.close();
    },
  };
}
