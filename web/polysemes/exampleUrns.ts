import { namedType, type FieldShape, type Polyseme } from './polysemeQueries.ts';

/** How many instances of each polyseme the lookup form suggests. */
const PER_POLYSEME = 2;

/**
 * An operation asking a few instances' URNs of every polyseme a root field
 * pages through (`artists(first:) { edges { node { urn } } }`), from the
 * API's own root fields; undefined when none does.
 */
export function exampleUrnsQuery(polysemes: readonly Polyseme[], rootFields: readonly FieldShape[]): string | undefined {
  const selections = polysemes.flatMap((polyseme) => {
    const root = rootFields.find((field) => namedType(field.type).name === `${polyseme.name}Connection` && field.args.some((arg) => arg.name === 'first'));
    return root ? [`${root.name}(first: ${PER_POLYSEME}) { edges { node { urn } } }`] : [];
  });
  return selections.length ? `query ExampleUrns { ${selections.join(' ')} }` : undefined;
}

/** The URNs an answer to `exampleUrnsQuery` holds; a root field governance withholds from the viewer gives none. */
export function exampleUrns(data: Record<string, { edges: { node: { urn: string } }[] } | null> | null): string[] {
  return Object.values(data ?? {}).flatMap((page) => page?.edges.map((edge) => edge.node.urn) ?? []);
}
