import { governs } from '../Consumer.ts';
import { CLASSIFICATIONS, parseUrn, type Classification } from '../../schema/index.ts';
import type { FieldRule, ProductClassification } from './FieldRule.ts';
import type { Rights } from './Rights.ts';

/** A field the caller may not read as is: why, and how it is masked. */
export interface Restriction {
  /** The rule that masked it (a policy rule name, or `@authenticated`, `@requiresScopes`, `@policy`). */
  rule: string;
  /** `masked` (null, or a pseudonym) or `denied` (null: the caller lacks credentials or scopes). */
  decision: 'masked' | 'denied';
  /** Served as a keyed hash instead of null. */
  pseudonymise: boolean;
  /** The data product and classification at stake, when a classification masked it. */
  product?: string;
  level?: Classification;
  /** What to do about it, for the error message. */
  remedy: string;
}

const NO_POLYSEMES: ReadonlySet<string> = new Set();

const domainOf = (urn: string) => {
  const parsed = parseUrn(urn, NO_POLYSEMES);
  return parsed?.kind === 'dataProduct' ? parsed.domain : undefined;
};

/** The restriction one product's classification puts on the caller, or undefined when it may read the field. */
function restrictionOf(entry: ProductClassification, rights: Rights): Restriction | undefined {
  const { consumer, policy } = rights;
  const domain = domainOf(entry.product);
  if (domain && governs(consumer, domain)) return undefined;
  const { rule, requires } = policy.classifications[entry.level];
  const ask = `request access with requestAccess(urn: "${entry.product}", purpose: …, justification: …)`;
  const restriction = (remedy: string, pseudonymise = false): Restriction => ({ rule, decision: 'masked', pseudonymise, product: entry.product, level: entry.level, remedy });
  switch (requires) {
    case 'anyone':
      return undefined;
    case 'authenticated':
      return consumer ? undefined : { ...restriction('send a bearer token (Authorization: Bearer <token>)'), decision: 'denied' };
    case 'agreement':
      if (!consumer) return { ...restriction('send a bearer token, then ' + ask), decision: 'denied' };
      return rights.agreement(entry.product) ? undefined : restriction(ask);
    case 'pii-agreement': {
      if (!consumer) return { ...restriction('send a bearer token, then ' + ask), decision: 'denied' };
      const agreement = rights.agreement(entry.product);
      if (agreement && policy.purposes[agreement.purpose]?.pii) return undefined;
      const piiPurposes = Object.entries(policy.purposes).filter(([, p]) => p.pii).map(([name]) => name).join(', ');
      return agreement
        ? restriction(`agreement ${agreement.id} is for "${agreement.purpose}", which does not allow personal data; request access for a purpose that does (${piiPurposes})`, entry.pseudonymise)
        : restriction(`${ask} with a purpose that allows personal data (${piiPurposes})`);
    }
    default: {
      const unexpected: never = requires;
      throw new TypeError(`Unknown access requirement ${JSON.stringify(unexpected)}`);
    }
  }
}

/** Whether the caller holds every name of one of `alternatives` (as scopes, prefixed with `prefix`). */
const holds = (scopes: readonly string[], alternatives: string[][], prefix = '') => alternatives.some((all) => all.every((name) => scopes.includes(prefix + name)));

/**
 * The classifications that decide a field several data products describe (a
 * shared type, a key): those the descriptors name explicitly, the strictest
 * of them; else the products' defaults, the most permissive of them (a
 * default is a blanket statement about a product's own types, and the mesh
 * policy's floors already hold every product's sensitive fields up).
 */
function deciding(entries: readonly ProductClassification[]): ProductClassification[] {
  const explicit = entries.filter((e) => e.explicit);
  const pool = explicit.length > 0 ? explicit : entries;
  const rank = (e: ProductClassification) => CLASSIFICATIONS.indexOf(e.level);
  const level = explicit.length > 0 ? Math.max(...pool.map(rank)) : Math.min(...pool.map(rank));
  // Any product the field is classified in grants it, at the deciding level; the one giving that level itself is quoted first.
  return [...pool.filter((e) => rank(e) === level), ...entries.filter((e) => !pool.includes(e) || rank(e) !== level)].map((e) => ({ ...e, level: CLASSIFICATIONS[level]! }));
}

/**
 * Decides whether the caller may read a field: undefined when it may, else
 * the restriction. Apollo's directives come first (they need credentials or
 * scopes); then the classification (see `deciding`), which the caller's
 * agreement on any product that classifies the field satisfies.
 * `unclassified` is the policy's classification for fields no descriptor
 * classifies.
 */
export function decideField(rule: FieldRule | undefined, rights: Rights): Restriction | undefined {
  if (!rule) return undefined; // Not a field of the supergraph: validation refuses it before this runs.
  if (rule.catalog) return undefined;
  const scopes = rights.consumer?.scopes ?? [];
  if (rule.authenticated && !rights.consumer) return { rule: '@authenticated', decision: 'denied', pseudonymise: false, remedy: 'send a bearer token (Authorization: Bearer <token>)' };
  if (rule.requiresScopes && !holds(scopes, rule.requiresScopes)) {
    return { rule: '@requiresScopes', decision: 'denied', pseudonymise: false, remedy: `a token with the scopes ${rule.requiresScopes.map((s) => s.join(' and ')).join(', or ')}` };
  }
  if (rule.policies && !holds(scopes, rule.policies, 'policy:')) {
    return { rule: '@policy', decision: 'denied', pseudonymise: false, remedy: `a token granted the policies ${rule.policies.map((s) => s.join(' and ')).join(', or ')}` };
  }
  const entries = rule.classifications.length > 0 ? deciding(rule.classifications) : [{ level: rights.policy.unclassified, product: '', explicit: false, pseudonymise: false }];
  let first: Restriction | undefined;
  for (const entry of entries) {
    const restriction = restrictionOf(entry, rights);
    if (!restriction) return undefined;
    first ??= restriction;
  }
  return first;
}
