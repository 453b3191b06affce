/** A node of the lineage picture, as the catalog's `lineage` answers it. */
export interface LineageNode {
  /** A data product's URN, `source:<system>` or `app:<client name>`: what edges name. */
  id: string;
  kind: 'dataProduct' | 'source' | 'application';
  /** `<domain>/<product>` (with ` v<major>` when majors stand side by side), the system, or the client name. */
  label: string;
  /** The product, when the catalog holds it (a declared upstream may be missing: its domain may be down). */
  dataProduct: { urn: string; domain: string; name: string } | null;
}

/** Data flowing from one node to another: declared by ports or agreements, observed by the running mesh. */
export interface LineageEdge {
  from: string;
  to: string;
  /** dataProduct, topic, source, agreement or graphql. */
  via: string;
  topic: string | null;
  declared: boolean;
  observed: boolean;
  /** Observed, but the consuming data product declares no input port for it. */
  undeclared: boolean;
  lastSeenAt: string | null;
  agreement: string | null;
  purpose: string | null;
  /** Observed use by an application holding no access agreement on the product. */
  withoutAgreement: boolean;
}

/** What the picture draws: nodes and edges, each once. */
export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

const LINEAGE_FIELDS = /* GraphQL */ `
  nodes { id kind label dataProduct { urn domain name } }
  edges { from to via topic declared observed undeclared lastSeenAt agreement purpose withoutAgreement }
`;

/** One product's lineage, `depth` hops each way. */
export const PRODUCT_LINEAGE_QUERY = /* GraphQL */ `
  query ProductLineage($urn: ID!, $depth: Int!) {
    lineage(urn: $urn, depth: $depth) { ${LINEAGE_FIELDS} }
  }
`;

/** Every product of the mesh, whose lineages together are the mesh's. */
export const MESH_PRODUCTS_QUERY = /* GraphQL */ `
  query LineageProducts {
    dataProducts(first: 1000) { dataProduct { urn } }
  }
`;

/**
 * Every product's direct lineage (depth 1) in one request, one aliased field
 * per product (`p0`, `p1`…). Depth 1 from every product is every edge of the
 * mesh: each edge has a catalog product at one end or the other (a source
 * feeds a product, a product feeds a product or an application), and no
 * deeper walk finds an edge that none of these does.
 */
export function meshLineageQuery(urns: readonly string[]): string {
  const variables = urns.map((_, i) => `$u${i}: ID!`).join(', ');
  const fields = urns.map((_, i) => `p${i}: lineage(urn: $u${i}, depth: 1) { ${LINEAGE_FIELDS} }`).join('\n');
  return `query MeshLineage(${variables}) {\n${fields}\n}`;
}

/** The variables of `meshLineageQuery(urns)`. */
export const meshLineageVariables = (urns: readonly string[]): Record<string, string> => Object.fromEntries(urns.map((urn, i) => [`u${i}`, urn]));
