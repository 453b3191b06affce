export { createOperationLimits, DEFAULT_OPERATION_LIMITS } from './createOperationLimits.ts';
export type { OperationLimits, OperationLimitsOptions } from './createOperationLimits.ts';
export { measureOperations, documentDepth } from './measureOperations.ts';
export type { OperationMeasure, MeasureOptions } from './measureOperations.ts';
export { abandonAfterDeadline, startDeadline } from './abandonAfterDeadline.ts';
export type { RequestDeadline } from './abandonAfterDeadline.ts';
