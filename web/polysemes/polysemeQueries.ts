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

const POLYSEME_FIELDS = 'name description key urnPattern owner extendedBy facets { domain fields }';

/** A type as introspection shows it, wrappers (NON_NULL, LIST) included: `ofType` down to the named type. */
export interface TypeRef {
  kind: string;
  name: string | null;
  ofType?: TypeRef | null;
  /** The fields of an object type, one level down. */
  fields?: FieldShape[] | null;
}

/** A field of a polyseme (or of an object it returns): what to select on it. */
export interface FieldShape {
  name: string;
  args: { name: string; type: { kind: string } }[];
  type: TypeRef;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const FIELD = `name args { name type { kind } } type { ${TYPE_REF} }`;
/** Each wrapper level carries its fields, so the named object type's fields come back whatever wraps it. */
const NESTED = `kind name fields { ${FIELD} } ofType { kind name fields { ${FIELD} } ofType { kind name fields { ${FIELD} } ofType { kind name fields { ${FIELD} } } } }`;
const FIELD_SHAPE = `name args { name type { kind } } type { ${NESTED} }`;

/**
 * The shape of a polyseme's fields, from the API's own schema: an object
 * field needs a selection, so the entity page looks at what each field
 * returns before it asks. (One type at a time: introspection may nest only
 * so many lists.)
 */
export const POLYSEME_SHAPE_QUERY = /* GraphQL */ `
  query PolysemeShape($type: String!) {
    type: __type(name: $type) { fields { ${FIELD_SHAPE} } }
  }
`;

/** The named type under a field's wrappers, with its fields when an object. */
export function namedType(type: TypeRef): TypeRef {
  return type.ofType ? namedType(type.ofType) : type;
}

/**
 * The polysemes, and the root fields that could page through one
 * (`artists: ArtistConnection`): the lookup form's examples come from them.
 */
export const POLYSEMES_QUERY = /* GraphQL */ `
  query Polysemes {
    polysemes { ${POLYSEME_FIELDS} }
    type: __type(name: "Query") { fields { ${FIELD} } }
  }
`;
