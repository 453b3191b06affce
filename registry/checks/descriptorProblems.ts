import { classificationConflicts } from '../../subgraphs/kit/classificationConflicts.ts';
import type { CheckProblem } from '../CheckReport.ts';
import { isOutputPortFinding } from './outputPortProblems.ts';
import { isPolicyFinding } from './policyWeakeningProblems.ts';
import { isSloFinding } from './sloProblems.ts';
import { standardsProblems } from './standardsProblems.ts';
import type { CheckContext } from './SubgraphCheck.ts';

/**
 * Descriptors complete and valid: the subgraph describes at least one data
 * product, and the kit's validation finds nothing wrong with them (identity,
 * owner, description, kind, input ports, classification, retention, terms,
 * quality rules), nor two products classifying one field differently, and
 * their ODPS and ODCS exports meet the standards' JSON Schemas. What
 * the kit finds about ports, SLOs and the mesh policy, those checks report.
 */
export function descriptorProblems(context: CheckContext): CheckProblem[] {
  const { candidate } = context;
  if (candidate.descriptors.length === 0) {
    return [{
      check: 'descriptor',
      severity: 'error',
      message: `Subgraph "${candidate.name}" describes no data product: every subgraph of the mesh serves data products, each with a descriptor (owner, ports, SLOs, classification); declare them in the domain's dataProducts.`,
    }];
  }
  const findings = context
    .descriptorFindings()
    .filter((finding) => !isOutputPortFinding(finding) && !isSloFinding(finding) && !isPolicyFinding(finding))
    .map(({ message, coordinate }): CheckProblem => ({ check: 'descriptor', severity: 'error', message, coordinate }));
  const conflicts = classificationConflicts(candidate.descriptors).map((message): CheckProblem => ({ check: 'descriptor', severity: 'error', message }));
  // A product the kit finds wrong is fixed first: its exports would only repeat that (an export without an owner, say).
  const flawed = new Set(context.descriptorFindings().map((finding) => finding.coordinate));
  return [...findings, ...conflicts, ...standardsProblems(candidate.descriptors.filter((descriptor) => !flawed.has(descriptor.urn)))];
}
