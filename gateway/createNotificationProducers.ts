import { failureReason } from '../common/index.ts';
import { productDomain } from '../governance/agreements/productDomain.ts';
import { breakingChangeNotifications, deprecatedUseNotification, lifecycleNotification, productOf, type MeshNotifications, type Notification } from '../governance/notifications/index.ts';
import type { Logger } from '../logger/index.ts';
import type { RefusedPublication } from '../registry/createMeshRegistry.ts';
import type { LifecycleBook } from '../registry/lifecycle/ProductLifecycle.ts';
import type { DataProductDescriptor } from '../schema/index.ts';
import type { MeshCatalog } from './catalog/index.ts';
import { createSloMonitor, type SloMonitorOptions } from './createSloMonitor.ts';
import type { UsedDeprecation } from './operationCoordinates.ts';

export interface NotificationProducersOptions {
  notifications: MeshNotifications;
  /** The gateway's catalog: the products (their fields, owners and live figures) notifications are about. */
  catalog: Pick<MeshCatalog, 'entries'>;
  /** The data products' lifecycles: deprecations and retirements are told. @default none */
  lifecycle?: Pick<LifecycleBook, 'onChange'>;
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
  /** Looks at the products' freshness now. */
  checkSlos(): Promise<void>;
  close(): void;
}

/** What a product the catalog no longer has is known by: its URN, and its domain's owners. */
const bare = (urn: string) => ({ urn, domain: productDomain(urn) ?? '', outputPorts: [], schema: [] });

/**
 * The producers of a gateway's notifications of the data products' lives,
 * appended to the notifications topic: lifecycle moves (deprecations,
 * retirements: every replica learns of a move and produces the same id),
 * publications refused for breaking real use (on the replica that refused
 * them), deprecated fields used (on the replica that served them: once per
 * consumer, field and day) and freshness breaches (every replica watches;
 * ids make one of each).
 */
export function createNotificationProducers({ notifications, catalog, lifecycle, registry, sloIntervalMs, logger }: NotificationProducersOptions): NotificationProducers {
  const { topic, audience } = notifications;
  const tell = (what: string, produced: Promise<readonly Notification[]>) =>
    void produced
      .then((all) => Promise.all(all.map((notification) => topic.publish(notification))))
      .catch((error: unknown) => logger.error(`could not tell ${what}`, { reason: failureReason(error) }));
  const products = async () => (await catalog.entries()).map((entry) => entry.descriptor);

  const stopLifecycle = lifecycle?.onChange((change, { successor }) =>
    tell(`the move of ${change.urn} to ${change.to}`, (async () => {
      const product = (await products()).find((p) => p.urn === change.urn) ?? bare(change.urn);
      // A retirement that names no successor keeps its deprecation's.
      const notification = lifecycleNotification({ ...change, ...(successor ? { successor: change.successor ?? successor } : {}) }, audience(product));
      return notification ? [notification] : [];
    })()),
  );

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
    onDeprecatedUse,
    checkSlos: () => monitor.check(),
    close() {
      stopLifecycle?.();
      stopRefusals?.();
      monitor.close();
    },
  };
}
