/** A data product as the landing page lists it, with what its facets need. */
export interface ListedProduct {
  urn: string;
  name: string;
  domain: string;
  kind: string;
  status: string;
  tags: string[];
  owner: { name: string; email: string };
  team: { name: string };
  description: { purpose: string };
  schema: { fields: { classification: string }[] }[];
}

/** A search hit: the product and where the search words matched. */
export interface ProductMatch {
  score: number;
  matchedIn: string[];
  dataProduct: ListedProduct;
}

/** Every product (the catalog's `dataProducts`), ranked by `search` when there is one; facets filter the answer here, so their counts show what each would leave. */
export const PRODUCTS_QUERY = /* GraphQL */ `
  query CatalogProducts($search: String) {
    dataProducts(search: $search, first: 500) {
      score
      matchedIn
      dataProduct {
        urn name domain kind status tags
        owner { name email }
        team { name }
        description { purpose }
        schema { fields { classification } }
      }
    }
  }
`;
