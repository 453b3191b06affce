import { defineSubgraph } from './defineSubgraph.ts';

/** Whether each product (by upc) is in stock. */
const IN_STOCK = new Map(Array.from({ length: 9 }, (_, i) => [String(i + 1), i % 3 !== 1]));

/** A Product reference as the gateway sends it, with the fields `shippingEstimate` requires. */
interface ProductReference {
  upc: string;
  price?: number | null;
  weight?: number | null;
}

/** Free shipping above 1000; otherwise half the weight; unknown without price and weight. */
const shippingEstimate = ({ price, weight }: ProductReference) => (price == null ? null : price > 1000 ? 0 : weight == null ? null : Math.floor(weight / 2));

/** The inventory subgraph: extends Product with `inStock` and `shippingEstimate`, which requires the products subgraph's price and weight. */
export const inventory = defineSubgraph(
  'inventory',
  /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])

    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }
  `,
  {
    Product: {
      __resolveReference: (reference: ProductReference) => (IN_STOCK.has(reference.upc) ? { ...reference, inStock: IN_STOCK.get(reference.upc) } : null),
      shippingEstimate,
    },
  },
);
