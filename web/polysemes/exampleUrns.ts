import type { Polyseme, RootField } from './polysemeQueries.ts';

/** How many instances of each polyseme the lookup form suggests. */
const PER_POLYSEME = 2;

/**
 * An operation asking a few instances' URNs of every polyseme a root field
 * pages through (`artists(first:) { edges { node { urn } } }`); undefined
 * when none does.
 */
export function exampleUrnsQuery(polysemes: readonly Polyseme[], rootFields: readonly RootField[]): string | undefined {
  const selections = polysemes.flatMap((polyseme) => {
    const root = rootFields.find((field) => (field.type.name ?? field.type.ofType?.name) === `${polyseme.name}Connection` && field.args.some((arg) => arg.name === 'first'));
    return root ? [`${root.name}(first: ${PER_POLYSEME}) { edges { node { urn } } }`] : [];
  });
  return selections.length ? `query ExampleUrns { ${selections.join(' ')} }` : undefined;
}

/** The URNs an answer to `exampleUrnsQuery` holds; a root field governance withholds from the viewer gives none. */
export function exampleUrns(data: Record<string, { edges: { node: { urn: string } }[] } | null> | null): string[] {
  return Object.values(data ?? {}).flatMap((page) => page?.edges.map((edge) => edge.node.urn) ?? []);
}
