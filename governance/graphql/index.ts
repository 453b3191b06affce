export { GOVERNANCE_TYPE_DEFS } from './governanceTypeDefs.ts';
export type { GovernanceContext, GovernanceResolvers } from './GovernanceResolvers.ts';
export { governanceOffResolvers } from './governanceOffResolvers.ts';
export { createAgreementResolvers } from './agreementResolvers.ts';
export type { AgreementResolversOptions } from './agreementResolvers.ts';
export { createAccessLogResolvers, MAX_ACCESS_LOG_PAGE } from './accessLogResolvers.ts';
export { DATA_PRODUCT_ACCESS_TYPE_DEFS } from './dataProductAccessTypeDefs.ts';
export { dataProductAccess, type DataProductAccess } from './dataProductAccess.ts';
export { createDataProductAccessResolvers, type DataProductAccessOptions } from './dataProductAccessResolvers.ts';
