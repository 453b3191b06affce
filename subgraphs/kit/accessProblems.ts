import { didYouMean } from '../../schema/index.ts';
import type { MeshPolicy } from '../../governance/policy/index.ts';
import type { DataProductDefinition } from './dataProduct.ts';

/** The mesh policy an `access` section is checked against, and the file it came from (errors name it). */
export interface AccessPolicySource {
  policy: Pick<MeshPolicy, 'purposes' | 'agreements'>;
  source: string;
}

/**
 * What is wrong with a data product's `access` section, one sentence each:
 * `autoApprove` lists purposes of the mesh policy, and none that allows
 * personal data unless the policy's `agreements.autoApprovePii` says a product
 * may approve such a request without its owner. `policy` is read only when
 * the section is there.
 */
export function accessProblems(def: Pick<DataProductDefinition, 'access'>, policy: () => AccessPolicySource): string[] {
  if (def.access === undefined) return [];
  const autoApprove = def.access?.autoApprove;
  if (!Array.isArray(autoApprove) || autoApprove.some((purpose) => typeof purpose !== 'string')) {
    return [`access.autoApprove must be a list of purposes of the mesh policy, like ["analytics"], but is ${JSON.stringify(autoApprove)}.`];
  }
  const { policy: mesh, source } = policy();
  const purposes = Object.keys(mesh.purposes);
  return autoApprove.flatMap((purpose) => {
    const known = Object.hasOwn(mesh.purposes, purpose) ? mesh.purposes[purpose] : undefined;
    if (!known) return [`access.autoApprove names purpose "${purpose}", which the mesh policy (${source}) does not define; it defines ${purposes.join(', ')}.${didYouMean(purpose, purposes)}`];
    if (known.pii && !mesh.agreements.autoApprovePii) {
      return [`access.autoApprove names purpose "${purpose}", which allows personal data, but mesh rule "agreements.autoApprovePii" (${source}) is false: only the product's owner approves it. Remove it from autoApprove.`];
    }
    return [];
  });
}
