import { accounts } from './accounts.ts';
import type { FederationSubgraph } from './defineSubgraph.ts';
import { inventory } from './inventory.ts';
import { products } from './products.ts';
import { reviews } from './reviews.ts';

/** The four subgraphs of the federation benchmark, by name. */
export const FEDERATION_SUBGRAPHS: Readonly<Record<string, FederationSubgraph>> = { accounts, inventory, products, reviews };
