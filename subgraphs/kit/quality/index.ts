export { createQualityGate } from './createQualityGate.ts';
export type { HeldRecord, QualityGate, QualityGateOptions, Screened } from './createQualityGate.ts';
export type { RuleCheck } from './RuleCheck.ts';
export { uniqueValues } from './uniqueValues.ts';
export type { UniqueValuesCheck } from './uniqueValues.ts';
export { followReferences } from './followReferences.ts';
export type { FollowReferencesOptions, References } from './followReferences.ts';
export { qualityProblems } from './qualityProblems.ts';
