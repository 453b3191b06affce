export { createAccessGovernor, type AccessGovernor, type AccessGovernorOptions, type GovernedOperation } from './createAccessGovernor.ts';
export { createPseudonymiser } from './createPseudonymiser.ts';
export { decideField, type Restriction } from './decideField.ts';
export { documentHash } from './documentHash.ts';
export type { FieldRule, FieldRules, ProductClassification } from './FieldRule.ts';
export { maskResult, restrictionError } from './maskResult.ts';
export type { AccessPlan, ProductAccess } from './planAccess.ts';
export { readFieldRules } from './readFieldRules.ts';
export type { Rights } from './Rights.ts';
