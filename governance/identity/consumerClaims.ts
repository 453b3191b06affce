import type { Consumer, ConsumerKind } from '../Consumer.ts';
import { AuthenticationError } from './AuthenticationError.ts';

/** What a token (or an API key's entry) says of its consumer: standard claims plus meshgraph's own. */
export interface ConsumerClaims {
  /** The consumer's id. */
  sub: string;
  /** @default 'person' */
  meshgraph_kind?: ConsumerKind;
  /** Its team or domain. */
  meshgraph_team?: string;
  /** Domains whose data products it owns. @default [] */
  meshgraph_owns?: string[];
  /** Space-separated scopes (RFC 8693 `scope`). @default '' */
  scope?: string;
  /** Regions whose personal data it may see. @default [] */
  meshgraph_regions?: string[];
}

const KINDS: readonly ConsumerKind[] = ['person', 'application', 'job', 'service'];

/**
 * The consumer that verified claims describe: `sub` a non-empty string, the
 * others absent or of their type. Throws `AuthenticationError` naming the
 * claim at fault otherwise: a token of the right issuer that does not describe
 * a consumer is as good as none.
 */
export function consumerFromClaims(claims: unknown): Consumer {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new AuthenticationError('the claims are not an object');
  const c = claims as Record<string, unknown>;
  const { sub, meshgraph_kind: kind = 'person', meshgraph_team: team, scope = '' } = c;
  if (typeof sub !== 'string' || sub.trim() === '') throw new AuthenticationError('claim "sub" is missing or not a string');
  if (!KINDS.includes(kind as ConsumerKind)) throw new AuthenticationError(`claim "meshgraph_kind" is ${JSON.stringify(kind)}, not one of ${KINDS.join(', ')}`);
  if (team !== undefined && typeof team !== 'string') throw new AuthenticationError('claim "meshgraph_team" is not a string');
  if (typeof scope !== 'string') throw new AuthenticationError('claim "scope" is not a space-separated string');
  return {
    id: sub,
    kind: kind as ConsumerKind,
    team,
    owns: stringList(c, 'meshgraph_owns'),
    scopes: scope.split(' ').filter(Boolean),
    regions: stringList(c, 'meshgraph_regions'),
  };
}

/** The claims that describe `consumer`, as a token carries them. */
export function claimsOf(consumer: Consumer): ConsumerClaims {
  return {
    sub: consumer.id,
    meshgraph_kind: consumer.kind,
    ...(consumer.team !== undefined ? { meshgraph_team: consumer.team } : {}),
    ...(consumer.owns.length > 0 ? { meshgraph_owns: [...consumer.owns] } : {}),
    ...(consumer.scopes.length > 0 ? { scope: consumer.scopes.join(' ') } : {}),
    ...(consumer.regions.length > 0 ? { meshgraph_regions: [...consumer.regions] } : {}),
  };
}

/** An optional claim that must be a list of strings. */
function stringList(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new AuthenticationError(`claim "${name}" is not a list of strings`);
  return value as string[];
}
