import { Kind, type DocumentNode } from 'graphql';
import { POLYSEMES } from '../../schema/index.ts';
import { FEDERATION_URL } from '../../subgraphs/kit/federationLink.ts';
import type { RegisteredSubgraph } from '../RegisteredSubgraph.ts';

/**
 * Stand-ins for the owners of the polysemes a candidate declares but does
 * not own, when the mesh it is checked against lacks them (a check against
 * the standards alone): one subgraph per owner, named after it, that
 * resolves each polyseme by its key and serves its `urn`, as the owner's
 * kit-built subgraph does. Without them a domain that only links to another
 * domain's polyseme (`@key(resolvable: false)`) never composes on its own.
 */
export function polysemeOwnerStandIns(document: DocumentNode, candidate: string, mesh: readonly Pick<RegisteredSubgraph, 'name'>[]): RegisteredSubgraph[] {
  const present = new Set([candidate, ...mesh.map((subgraph) => subgraph.name)]);
  const byOwner = new Map<string, Set<string>>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const polyseme = POLYSEMES.get(definition.name.value);
    if (!polyseme || present.has(polyseme.owner)) continue;
    byOwner.set(polyseme.owner, (byOwner.get(polyseme.owner) ?? new Set()).add(polyseme.name));
  }
  return [...byOwner].map(([owner, names]) => {
    const types = [...names].map((name) => {
      const { key, fieldTypes } = POLYSEMES.get(name)!;
      const fields = Object.entries(fieldTypes).map(([field, type]) => `${field}: ${type}`);
      return `type ${name} @key(fields: "${key}") { ${fields.join(' ')} urn: ID! @shareable }`;
    });
    const sdl = `extend schema @link(url: "${FEDERATION_URL}", import: ["@key", "@shareable"])\n${types.join('\n')}\n`;
    return { name: owner, url: `http://${owner}.stand-in.invalid/graphql`, sdl, descriptors: [], version: 'stand-in', publishedBy: 'meshgraph check', publishedAt: new Date(0).toISOString() };
  });
}
