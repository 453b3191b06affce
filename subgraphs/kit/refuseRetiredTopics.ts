import { createTopicFollower, HEADERS, type EventLog, type TopicFollower } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import { parseLifecycleRecord } from '../../registry/lifecycle/lifecycleRecord.ts';
import { LIFECYCLE_TOPIC } from '../../registry/lifecycle/lifecycleTopic.ts';
import { EventRejected } from '../../schema/events/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { overrideLog } from './overrideLog.ts';
import { RetiredTopicError } from './RetiredTopicError.ts';

/** A domain's event log that refuses appends to its retired products' topics, and how to stop following their lifecycles. */
export interface RetiredTopicsGuard<L extends EventLog> {
  log: L;
  /** Resolves once the lifecycles on the log when it started were read (rejects if the topic cannot be read). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Topic port names of a product. */
const topicsOf = (descriptor: DataProductDescriptor | undefined) => descriptor?.outputPorts.flatMap((port) => (port.kind === 'topic' ? [port.topic] : [])) ?? [];

/**
 * `log`, for a domain to append with, refusing with `RetiredTopicError` every
 * append to a topic port of one of its data products that is retired: by its
 * descriptor, or by a move its owner made, which the domain reads from the
 * lifecycle topic (`registry.lifecycle.v1`, readable by all) as every gateway
 * does, live. Enforced here, in the domain's process: the embedded log knows
 * topics and owners, not data products, so it cannot tell which topic a
 * retirement closes without reading descriptors and lifecycles itself.
 */
export function refuseRetiredTopics<L extends EventLog>(log: L, domain: string, descriptors: readonly DataProductDescriptor[], logger: Logger): RetiredTopicsGuard<L> {
  const ours = new Map(descriptors.map((descriptor) => [descriptor.urn, descriptor]));
  // Topic → the retired product whose port it is, and its successor.
  const retired = new Map<string, { urn: string; successor?: string }>();
  const retire = (urn: string, successor: string | undefined) => {
    for (const topic of topicsOf(ours.get(urn))) retired.set(topic, { urn, ...(successor ? { successor } : {}) });
  };
  for (const descriptor of descriptors) if (descriptor.status === 'retired') retire(descriptor.urn, undefined);
  const hasTopics = descriptors.some((descriptor) => topicsOf(descriptor).length > 0);
  const follower: TopicFollower | undefined = hasTopics
    ? createTopicFollower({
        log,
        topic: LIFECYCLE_TOPIC,
        apply(record) {
          if (!record.key || !ours.has(record.key)) return;
          try {
            const lifecycle = parseLifecycleRecord(record.value, record.headers[HEADERS.schemaVersion]);
            if (lifecycle.status === 'retired') retire(lifecycle.urn, lifecycle.successor);
          } catch (error) {
            if (!(error instanceof EventRejected)) throw error;
            logger.warn('a lifecycle record was skipped', { urn: record.key, reason: error.message });
          }
        },
        onStop: (error) => logger.error('stopped following the data products\' lifecycles: appends to retired products\' topics are no longer refused', { err: error }),
      })
    : undefined;
  return {
    log: overrideLog(log, {
      append(topic, records) {
        const product = retired.get(topic);
        if (!product) return log.append(topic, records);
        const successorTopics = product.successor ? topicsOf(ours.get(product.successor)) : [];
        return Promise.reject(new RetiredTopicError(topic, domain, product.urn, product.successor, successorTopics));
      },
    }),
    ready: follower?.caughtUp ?? Promise.resolve(),
    close: async () => follower?.close(),
  };
}
