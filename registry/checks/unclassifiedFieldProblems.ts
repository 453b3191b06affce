import { POLYSEMES, sharedTypeDefs } from '../../schema/index.ts';
import type { CheckProblem } from '../CheckReport.ts';
import { sdlFields } from './sdlFields.ts';
import type { CheckContext } from './SubgraphCheck.ts';

/** The mesh's shared types (`PageInfo`, …): every subgraph has them, and they carry no domain's data. */
const SHARED_TYPES = new Set(sharedTypeDefs.definitions.flatMap((definition) => ('name' in definition && definition.name ? [definition.name.value] : [])));

/** Whether `coordinate` is the identity of a polyseme another domain owns (its key fields, its `urn`): the owner's products classify it. */
function isOthersIdentity(type: string, field: string, domain: string): boolean {
  const polyseme = POLYSEMES.get(type);
  return polyseme !== undefined && polyseme.owner !== domain && (field === 'urn' || field in polyseme.fieldTypes);
}

/**
 * Every field classified: each field of the SDL carries the classification
 * of a data product that serves it (`@classified`, which the kit writes from
 * the descriptors). A field none classifies is served under the policy's
 * `unclassified` default: a warning, since that default protects it, unless
 * it weakens a mesh rule (the mesh-policy check refuses that). The mesh's
 * shared types are left out, and so is the identity of a polyseme another
 * domain owns (a domain that adds fields to it declares its key too).
 */
export function unclassifiedFieldProblems(context: CheckContext): CheckProblem[] {
  return sdlFields(context.document)
    .filter((field) => field.levels.length === 0 && !SHARED_TYPES.has(field.type) && !isOthersIdentity(field.type, field.node.name.value, context.candidate.name))
    .map((field) => ({
      check: 'unclassified-field',
      severity: 'warning',
      coordinate: field.coordinate,
      message: `Field "${field.coordinate}" is classified by no data product, so the gateway serves it as the policy's default for unclassified fields (${context.policy.unclassified}). Reach it from an output port of a data product, or name it in one's classification.fields, which then covers it.`,
    }));
}
