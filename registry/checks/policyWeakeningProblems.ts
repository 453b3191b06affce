import { floorsBelow, meshPolicyProblems } from '../../subgraphs/kit/meshPolicyProblems.ts';
import { CLASSIFICATIONS } from '../../schema/index.ts';
import type { CheckProblem } from '../CheckReport.ts';
import { sdlFields } from './sdlFields.ts';
import type { CheckContext, DescriptorFinding } from './SubgraphCheck.ts';

/** Whether the kit's finding is about the mesh policy (a product auto-approving what only its owner may). */
export const isPolicyFinding = ({ text }: DescriptorFinding): boolean => text.startsWith('access.autoApprove');

/**
 * No mesh-wide policy weakened: no field classified below a floor of the
 * mesh policy, neither in the descriptors nor in the SDL the gateway
 * enforces (where a field no product classifies takes the policy's
 * `unclassified` default, and the least strict product decides), and no
 * product auto-approving a purpose that allows personal data.
 */
export function policyWeakeningProblems(context: CheckContext): CheckProblem[] {
  const { candidate, policy, policySource } = context;
  const problems: CheckProblem[] = meshPolicyProblems(candidate.descriptors, policy, policySource).map((message) => ({
    check: 'mesh-policy',
    severity: 'error',
    message,
    coordinate: /field "([^"]+)"/.exec(message)?.[1],
  }));
  const reported = new Set(problems.map((problem) => problem.coordinate));
  for (const field of sdlFields(context.document)) {
    if (reported.has(field.coordinate)) continue;
    const level = field.levels.length === 0 ? policy.unclassified : CLASSIFICATIONS[Math.min(...field.levels.map((l) => CLASSIFICATIONS.indexOf(l)))]!;
    for (const floor of floorsBelow(policy, field.coordinate, level)) {
      const how = field.levels.length === 0 ? `is classified by no data product, so the gateway serves it as ${level} (the policy's default for unclassified fields)` : `is served as ${level} (its SDL's @classified)`;
      problems.push({
        check: 'mesh-policy',
        severity: 'error',
        coordinate: field.coordinate,
        message: `Field "${field.coordinate}" ${how}, but mesh rule "${floor.rule}" (${policySource}) requires at least ${floor.atLeast}; classify it ${floor.atLeast} in the data product that serves it.`,
      });
    }
  }
  for (const { message, coordinate } of context.descriptorFindings().filter(isPolicyFinding)) {
    problems.push({ check: 'mesh-policy', severity: 'error', message, coordinate });
  }
  return problems;
}
