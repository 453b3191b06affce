/** Prefix of every meshgraph URN. */
export const URN_PREFIX = 'urn:meshgraph:';

/** A parsed URN: either an entity (polyseme instance) or a data product. */
export type ParsedUrn =
  | { kind: 'entity'; polyseme: string; id: string }
  | { kind: 'dataProduct'; domain: string; product: string; major: number };

/** `urn:meshgraph:<polyseme>:<id>`, with the polyseme name in lower case. */
export function entityUrn(polyseme: string, id: string): string {
  return `${URN_PREFIX}${polyseme.toLowerCase()}:${id}`;
}

/** `urn:meshgraph:<domain>:<product>:v<major>`, the major taken from a semantic version. */
export function dataProductUrn(domain: string, product: string, version: string): string {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (!Number.isInteger(major) || major < 0) {
    throw new RangeError(`Version "${version}" of data product "${product}" is not a semantic version like "1.2.0".`);
  }
  return `${URN_PREFIX}${domain}:${product}:v${major}`;
}

/**
 * Parses a meshgraph URN; `null` when it is not one. `polysemes` are the
 * polyseme names in lower case, which tell an entity URN from a data product's.
 */
export function parseUrn(urn: string, polysemes: ReadonlySet<string>): ParsedUrn | null {
  if (!urn.startsWith(URN_PREFIX)) return null;
  const parts = urn.slice(URN_PREFIX.length).split(':');
  const [first, second, third] = parts;
  if (parts.length === 2 && first && second && polysemes.has(first)) {
    return { kind: 'entity', polyseme: first, id: second };
  }
  const major = /^v(\d+)$/.exec(third ?? '');
  if (parts.length === 3 && first && second && major) {
    return { kind: 'dataProduct', domain: first, product: second, major: Number(major[1]) };
  }
  return null;
}
