import { DescriptorError } from '../../subgraphs/kit/DescriptorError.ts';
import { DomainSchemaError } from '../../subgraphs/kit/buildDomainSchema.ts';
import { PolysemeError } from '../../subgraphs/kit/PolysemeError.ts';
import type { CheckProblem } from '../CheckReport.ts';
import { isOutputPortFinding } from './outputPortProblems.ts';
import { isPolicyFinding } from './policyWeakeningProblems.ts';
import { isSloFinding } from './sloProblems.ts';
import type { DescriptorFinding } from './SubgraphCheck.ts';

/** The kit's descriptor problems (`Data product "x": …`), each split from the product it names; `urns` gives the products' URNs. */
export function descriptorFindings(problems: readonly string[], urns: ReadonlyMap<string, string> = new Map()): DescriptorFinding[] {
  return problems.map((message) => {
    const [, product, text] = /^Data product "([^"]*)": ([\s\S]*)$/.exec(message) ?? [];
    return { message, text: text ?? message, coordinate: product === undefined ? undefined : urns.get(product) };
  });
}

/** The check a finding of the kit's descriptor validation belongs to. */
export const checkOfFinding = (finding: DescriptorFinding): string =>
  isOutputPortFinding(finding) ? 'output-port' : isSloFinding(finding) ? 'slo' : isPolicyFinding(finding) ? 'mesh-policy' : 'descriptor';

/**
 * What stops a domain at its start (the kit's `DomainSchemaError`,
 * `PolysemeError`, `DescriptorError`), as the problems of a check report;
 * undefined for any other error.
 */
export function startProblems(error: unknown): CheckProblem[] | undefined {
  if (error instanceof DescriptorError) {
    return descriptorFindings(error.problems).map((finding) => ({ check: checkOfFinding(finding), severity: 'error', message: finding.message }));
  }
  if (error instanceof PolysemeError) return [{ check: 'polyseme-key', severity: 'error', message: error.message }];
  if (error instanceof DomainSchemaError) return [{ check: 'schema', severity: 'error', message: error.message }];
  return undefined;
}
