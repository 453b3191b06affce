import { DATA_PRODUCT_ACCESS_TYPE_DEFS, GOVERNANCE_TYPE_DEFS, NOTIFICATION_TYPE_DEFS, WEBHOOK_TYPE_DEFS } from '../../governance/graphql/index.ts';
import { CATALOG_TYPE_DEFS } from './catalogTypeDefs.ts';

/** The SDL of the gateway's built-in subgraph: the catalog, governance's API, the notifications and their webhooks, composed into the supergraph with the domains. */
export const CATALOG_SUBGRAPH_SDL = `${CATALOG_TYPE_DEFS}\n${GOVERNANCE_TYPE_DEFS}\n${DATA_PRODUCT_ACCESS_TYPE_DEFS}\n${NOTIFICATION_TYPE_DEFS}\n${WEBHOOK_TYPE_DEFS}`;
