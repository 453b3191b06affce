import type { CheckProblem } from '../CheckReport.ts';
import type { CheckContext, DescriptorFinding } from './SubgraphCheck.ts';

/** Whether the kit's finding is about a product's service-level objectives. */
export const isSloFinding = ({ text }: DescriptorFinding): boolean => text.startsWith('slos');

/**
 * SLOs stated: every data product states its freshness, availability,
 * completeness and interval of change, well-formed (ISO-8601 durations,
 * fractions in (0, 1]), as the kit validates them.
 */
export function sloProblems(context: CheckContext): CheckProblem[] {
  return context.descriptorFindings().filter(isSloFinding).map(({ message, coordinate }) => ({ check: 'slo', severity: 'error', message, coordinate }));
}
