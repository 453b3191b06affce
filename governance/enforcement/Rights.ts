import type { AccessAgreement } from '../AccessAgreement.ts';
import type { Consumer } from '../Consumer.ts';
import type { MeshPolicy } from '../policy/index.ts';

/** What one caller may read, now: who it is, the policy, and its agreements. */
export interface Rights {
  /** Undefined for an anonymous caller. */
  readonly consumer: Consumer | undefined;
  readonly policy: MeshPolicy;
  /** The caller's approved, unexpired agreement on a data product, if any. */
  agreement(urn: string): AccessAgreement | undefined;
}
