import type { EventLog } from '../../eventlog/index.ts';
import { durationSeconds } from '../../schema/index.ts';
import type { DataProductDefinition } from './dataProduct.ts';
import { overrideLog } from './overrideLog.ts';

/**
 * A domain's event log that gives each topic it creates for a product's
 * topic port the product's declared `retention` (e.g. `P2Y`), unless the
 * spec sets one: the log then deletes what is older (whole segments on the
 * embedded log, `retention.ms` on Kafka). A topic that already exists keeps
 * the settings it was created with.
 */
export function applyDeclaredRetention<L extends EventLog>(log: L, dataProducts: readonly DataProductDefinition[]): L {
  const retentionMs = new Map<string, number>();
  for (const product of dataProducts) {
    const seconds = durationSeconds(product.retention);
    if (seconds === undefined) continue;
    for (const port of product.outputPorts) if (port.kind === 'topic') retentionMs.set(port.topic, seconds * 1000);
  }
  return overrideLog(log, {
    createTopic: (spec) => log.createTopic(spec?.retentionMs === undefined && retentionMs.has(spec?.name) ? { ...spec, retentionMs: retentionMs.get(spec.name) } : spec),
  });
}
