import type { ObservedUse } from '../CheckReport.ts';

/**
 * One consumer's use of one schema coordinate, as the gateway recorded it:
 * `Type.field` for a field selected, `Type.field(arg:)` for an argument
 * given. What `breakingChanges` weighs a change against.
 */
export interface FieldUse extends ObservedUse {
  /** `Type.field` or `Type.field(arg:)`, of the composed graph's types. */
  readonly coordinate: string;
}
