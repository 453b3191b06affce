import type { CheckProblem } from '../CheckReport.ts';
import type { CheckContext, DescriptorFinding } from './SubgraphCheck.ts';

/** Whether the kit's finding is about a port (an output port's field or topic, an input port's source). */
export const isOutputPortFinding = ({ text }: DescriptorFinding): boolean => /^(output|input) port /.test(text) || text.startsWith('has no output ports');

/**
 * Output ports that exist: every query and subscription field a descriptor
 * names is in the SDL (the kit's validation), every topic port is in the
 * mesh's event log when its topics are known; and, against the mesh, every
 * data product or topic an input port reads exists (a warning: it may be
 * published later).
 */
export function outputPortProblems(context: CheckContext): CheckProblem[] {
  const { candidate, others, topics } = context;
  const problems: CheckProblem[] = context.descriptorFindings().filter(isOutputPortFinding).map(({ message, coordinate }) => ({ check: 'output-port', severity: 'error', message, coordinate }));
  const served = new Set([...others, candidate].flatMap((subgraph) => subgraph.descriptors.map((descriptor) => descriptor.urn)));
  for (const descriptor of candidate.descriptors) {
    for (const port of descriptor.outputPorts ?? []) {
      if (port.kind === 'topic' && topics && !topics.has(port.topic)) {
        problems.push({ check: 'output-port', severity: 'error', coordinate: port.topic, message: `Data product "${descriptor.name}": output port "${port.name}" names topic "${port.topic}", which the mesh's event log does not have; start the domain once (it creates its topics) or correct the name.` });
      }
    }
    for (const port of descriptor.inputPorts ?? []) {
      if (port.kind === 'topic' && topics && !topics.has(port.topic)) {
        problems.push({ check: 'output-port', severity: 'warning', coordinate: port.topic, message: `Data product "${descriptor.name}": input port "${port.name}" reads topic "${port.topic}", which the mesh's event log does not have yet; it reads nothing until its producer creates it.` });
      }
      if (others.length === 0) continue;
      if (port.kind === 'dataProduct' && !served.has(port.urn)) {
        problems.push({ check: 'output-port', severity: 'warning', coordinate: port.urn, message: `Data product "${descriptor.name}": input port "${port.name}" reads "${port.urn}", which no subgraph of the mesh serves; it reads nothing until that product is published.` });
      }
    }
  }
  return problems;
}
