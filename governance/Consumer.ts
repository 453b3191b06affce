/** What a consumer is: a person, an application, a scheduled job, or a mesh service (the gateway calling a domain). */
export type ConsumerKind = 'person' | 'application' | 'job' | 'service';

/**
 * Who calls the mesh, as a verified token or API key tells it. A caller with
 * no credentials at all has no `Consumer` (anonymous: public fields only).
 */
export interface Consumer {
  /** Stable id, the token's `sub`: `analyst`, `charts-web`. */
  readonly id: string;
  readonly kind: ConsumerKind;
  /** The team or domain the consumer belongs to, e.g. `insights`. */
  readonly team: string | undefined;
  /** Domains whose data products this consumer owns: it decides their access requests, reads their audit and every field of them. */
  readonly owns: readonly string[];
  /** OAuth-style scopes, checked by `@requiresScopes`; `governance` decides any request and reads every audit. */
  readonly scopes: readonly string[];
  /** Regions whose personal data it may see (data localization), e.g. `EU`. */
  readonly regions: readonly string[];
}

/** The scope of the mesh's governance team: it decides any access request and reads any data product's audit. */
export const GOVERNANCE_SCOPE = 'governance';

/** True when `consumer` owns the domain, or is governance. */
export function governs(consumer: Consumer | undefined, domain: string): boolean {
  return !!consumer && (consumer.owns.includes(domain) || consumer.scopes.includes(GOVERNANCE_SCOPE));
}
