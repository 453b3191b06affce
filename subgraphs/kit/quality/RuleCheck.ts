import type { QualityRule } from '../../../schema/index.ts';

/**
 * A quality rule of a contract bound to the code that checks it on a decoded
 * event. A consumer's quality gate runs its checks in order on every event.
 */
export interface RuleCheck<T> {
  rule: QualityRule;
  /** Why the event breaks the rule (quoted in the dead letter), or undefined when it passes. */
  test(event: T): string | undefined;
  /** Called once the event passed every rule and is counted, e.g. to remember its id. */
  accept?(event: T): void;
  /** For a `quarantine` rule: the reference the event waits for, e.g. its episode id (see `QualityGate.release`). */
  awaits?(event: T): string;
}
