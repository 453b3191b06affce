import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { POLYSEMES, type Polyseme } from '../../schema/polysemes.ts';

/** A polyseme with what each domain contributes to it. */
export interface PolysemeMap extends Polyseme {
  /** Domains other than the owner that add fields. */
  extendedBy: string[];
  /** Fields each domain resolves itself (not its key, not `urn`, not `@external` ones), owner first. */
  facets: { domain: string; fields: string[] }[];
}

const contributed = (field: FieldDefinitionNode, key: ReadonlySet<string>) =>
  !key.has(field.name.value) && field.name.value !== 'urn' && !field.directives?.some((d) => d.name.value === 'external' || d.name.value === 'federation__external');

/**
 * The polysemes of the mesh as the subgraphs declare them: for each, the
 * fields every domain contributes, read from the domains' SDL.
 */
export function mapPolysemes(subgraphs: readonly { name: string; sdl: string }[]): PolysemeMap[] {
  const fieldsOf = new Map<string, Map<string, string[]>>();
  for (const { name: domain, sdl } of subgraphs) {
    for (const definition of parse(sdl).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      const type = definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
      const polyseme = POLYSEMES.get(type.name.value);
      if (!polyseme) continue;
      const key = new Set(polyseme.key.split(/\s+/));
      const fields = (type.fields ?? []).filter((f) => contributed(f, key)).map((f) => f.name.value);
      const byDomain = fieldsOf.get(polyseme.name) ?? new Map<string, string[]>();
      byDomain.set(domain, [...(byDomain.get(domain) ?? []), ...fields]);
      fieldsOf.set(polyseme.name, byDomain);
    }
  }
  return [...POLYSEMES.values()].map((polyseme) => {
    const byDomain = fieldsOf.get(polyseme.name) ?? new Map<string, string[]>();
    const facets = [...byDomain.entries()]
      .filter(([domain, fields]) => fields.length > 0 || domain === polyseme.owner)
      .map(([domain, fields]) => ({ domain, fields: [...new Set(fields)].sort() }))
      .sort((a, b) => (a.domain === polyseme.owner ? -1 : b.domain === polyseme.owner ? 1 : a.domain.localeCompare(b.domain)));
    return { ...polyseme, facets, extendedBy: facets.map((f) => f.domain).filter((d) => d !== polyseme.owner) };
  });
}
