import { durationSeconds } from '../../schema/index.ts';
import { definitionUrn, type DataProductDefinition } from './dataProduct.ts';

/** The retention cutoff of a domain's data products (see `createRetentionCutoff`). */
export interface RetentionCutoff {
  /** Expires, in every product that hands the kit its records (`expiry`), those older than the product's retention now. */
  sweep(): void;
  /** Records a product (by URN) has expired since start. */
  expiredOf(urn: string): number;
  /**
   * Milliseconds since 1970 before which the records of `topic` are past the
   * retention of the product whose topic port it is; `undefined` for a topic
   * no product of the domain declares.
   */
  retainedFrom(topic: string): number | undefined;
}

/**
 * Holds every data product of a domain to its declared `retention` at serve
 * time, on the domain's clock: a record whose event time is older than
 * `now() - retention` is not served, also by a domain that keeps running
 * (the event log's retention only deletes what a restart would read).
 * Products that give an `expiry` lose such records from their state on each
 * `sweep`; records read from a product's topic (subscriptions, replay from a
 * cursor) are compared with `retainedFrom` one by one.
 */
export function createRetentionCutoff(domain: string, dataProducts: readonly DataProductDefinition[], now: () => number): RetentionCutoff {
  const retentionMs = new Map<string, number>();
  const topicRetentionMs = new Map<string, number>();
  for (const product of dataProducts) {
    const seconds = durationSeconds(product.retention);
    if (seconds === undefined) continue;
    retentionMs.set(definitionUrn(domain, product), seconds * 1000);
    for (const port of product.outputPorts) if (port.kind === 'topic') topicRetentionMs.set(port.topic, seconds * 1000);
  }
  const expired = new Map<string, number>();
  return {
    sweep() {
      const at = now();
      for (const product of dataProducts) {
        const urn = definitionUrn(domain, product);
        const ms = retentionMs.get(urn);
        if (!product.expiry || ms === undefined) continue;
        const count = product.expiry.expireBefore(at - ms);
        if (count > 0) expired.set(urn, (expired.get(urn) ?? 0) + count);
      }
    },
    expiredOf: (urn) => expired.get(urn) ?? 0,
    retainedFrom(topic) {
      const ms = topicRetentionMs.get(topic);
      return ms === undefined ? undefined : now() - ms;
    },
  };
}
