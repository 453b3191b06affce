// Corrections of Apollo's planner, for the plan executor: what each fixes and where the executor calls it is in its JSDoc.
export { resolvableKeysFirst } from './resolvableKeysFirst.ts';
export { aliasRequiredFieldNames } from './aliasRequiredFieldNames.ts';
export type { AliasedOperation } from './aliasRequiredFieldNames.ts';
export { splitConflictingRequires } from './splitConflictingRequires.ts';
export type { PlanCorrectionContext } from './splitConflictingRequires.ts';
export { unplannedRootFields, QUERY_PLANNING_FAILED } from './unplannedRootFields.ts';
export { buildCorrectedQueryPlan } from './buildCorrectedQueryPlan.ts';
export type { CorrectedQueryPlan } from './buildCorrectedQueryPlan.ts';
