/** A polyseme as the catalog describes it: its identity, its owner, and what each domain adds. */
export interface Polyseme {
  name: string;
  description: string;
  key: string;
  /** With `{id}` for the key, e.g. `urn:meshgraph:artist:{id}`. */
  urnPattern: string;
  owner: string;
  extendedBy: string[];
  /** Owner first. */
  facets: { domain: string; fields: string[] }[];
}

/** A type the data products serve, as the catalog describes it: each field with its type as GraphQL prints it (`[String!]!`). */
export interface DescribedType {
  name: string;
  fields: { name: string; type: string }[];
}

export const POLYSEMES_QUERY = /* GraphQL */ `
  query Polysemes {
    polysemes { name description key urnPattern owner extendedBy facets { domain fields } }
  }
`;

/**
 * The polysemes, and the types every data product serves: an object field
 * needs a selection, so the entity page looks up what each field returns
 * before it asks. From the catalog rather than introspection, which a
 * production gateway does not answer.
 */
export const ENTITY_SHAPES_QUERY = /* GraphQL */ `
  query EntityShapes {
    polysemes { name description key urnPattern owner extendedBy facets { domain fields } }
    dataProducts(first: 100) { dataProduct { schema { name fields { name type } } } }
  }
`;

/** The answer to `ENTITY_SHAPES_QUERY`. */
export interface EntityShapes {
  polysemes: Polyseme[];
  dataProducts: { dataProduct: { schema: DescribedType[] } }[];
}

/** The named type of a printed type: `Royalties` of `[Royalties!]!`. */
export const namedType = (printed: string) => printed.replace(/[[\]!]/g, '');

/** Every type the data products describe by name, their fields merged (a type served by two products is one type). */
export function describedTypes({ dataProducts }: EntityShapes): Map<string, DescribedType> {
  const types = new Map<string, DescribedType>();
  for (const type of dataProducts.flatMap((match) => match.dataProduct.schema)) {
    const known = types.get(type.name);
    const names = new Set(known?.fields.map((f) => f.name));
    types.set(type.name, { name: type.name, fields: [...(known?.fields ?? []), ...type.fields.filter((f) => !names.has(f.name))] });
  }
  return types;
}

/** A root field as introspection shows it: its arguments and the name of the type it returns, wrappers aside. */
export interface RootField {
  name: string;
  args: { name: string }[];
  type: { name: string | null; ofType: { name: string | null } | null };
}

/**
 * The root fields, to find those that page through a polyseme
 * (`artists: ArtistConnection`): the lookup form's examples come from them.
 * A production gateway answers no introspection: there are no examples then.
 */
export const ROOT_FIELDS_QUERY = /* GraphQL */ `
  query RootFields {
    type: __type(name: "Query") { fields { name args { name } type { name ofType { name } } } }
  }
`;
