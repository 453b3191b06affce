import { defineSubgraph } from './defineSubgraph.ts';

/** A product as the products subgraph holds it. */
interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}

/** Nine products, upc "1" to "9"; `topProducts` gives the first five by default. */
const PRODUCTS: readonly Product[] = (
  [
    ['Desk', 749, 90],
    ['Armchair', 1450, 800],
    ['Mug', 12, 15],
    ['Stool', 380, 120],
    ['Monitor', 1100, 600],
    ['Bookcase', 5200, 350],
    ['Kettle', 2600, 1900],
    ['Freezer', 84_000, 5400],
    ['Bench', 8700, 700],
  ] as const
).map(([name, price, weight], i) => ({ upc: String(i + 1), name, price, weight }));

const byUpc = new Map(PRODUCTS.map((product) => [product.upc, product]));

/** The products subgraph: owns Product (name, price, weight); `topProducts(first)` at the root. */
export const products = defineSubgraph(
  'products',
  /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

    type Query {
      topProducts(first: Int = 5): [Product]
    }

    type Product @key(fields: "upc") {
      upc: String!
      name: String
      price: Int
      weight: Int
    }
  `,
  {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
    Product: { __resolveReference: ({ upc }: { upc: string }) => byUpc.get(upc) ?? null },
  },
);
