import type { CheckProblem, CheckReport } from '../registry/CheckReport.ts';
import type { CheckedMesh } from './fetchMeshSubgraphs.ts';

/** ANSI colours, or none (not a terminal, or `NO_COLOR`). */
const paint = (colour: boolean) => {
  const code = (open: number) => (text: string) => (colour ? `\u001b[${open}m${text}\u001b[0m` : text);
  return { red: code(31), yellow: code(33), green: code(32), bold: code(1), dim: code(2) };
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** One line saying what the domain was checked against. */
export function describeMesh(mesh: CheckedMesh): string {
  switch (mesh.kind) {
    case 'registry':
      return `against the mesh of the gateway at ${mesh.url} (${mesh.subgraphs.map((s) => s.name).join(', ') || 'no subgraph published yet'}) and its standards`;
    case 'subgraphs':
      return `against the subgraphs of MESHGRAPH_SUBGRAPHS (${mesh.subgraphs.map((s) => s.name).join(', ')}) and the mesh's standards` +
        (mesh.unreadable.length > 0 ? `; not read: ${mesh.unreadable.join(', ')}` : '') +
        '; not against real use, which only a registry-backed gateway records (--gateway)';
    case 'none':
      return `against the mesh's standards alone, not against a running mesh: ${mesh.reason}`;
    default: {
      const unexpected: never = mesh;
      throw new TypeError(`Unknown mesh ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * The readable report of `meshgraph check`: what it was checked against,
 * then the problems grouped by check (errors first), and the verdict.
 * Coloured only when `colour` (stdout is a terminal); `domain` is how the
 * command named the domain (a path, or its name), for the next steps.
 */
export function printCheckReport(report: CheckReport, mesh: CheckedMesh, colour: boolean, domain: string = report.subgraph): string {
  const c = paint(colour);
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const lines = [`${c.bold(`meshgraph check ${report.subgraph}`)}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`, c.dim(`Checked ${describeMesh(mesh)}.`), ''];
  const byCheck = new Map<string, CheckProblem[]>();
  for (const problem of report.problems) byCheck.set(problem.check, [...(byCheck.get(problem.check) ?? []), problem]);
  for (const [check, problems] of byCheck) {
    lines.push(c.bold(check));
    for (const problem of [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))) {
      const mark = problem.severity === 'error' ? c.red('✗ error  ') : c.yellow('! warning');
      const where = [problem.coordinate, problem.otherSubgraph && `with subgraph "${problem.otherSubgraph}"`].filter(Boolean).join(', ');
      lines.push(`  ${mark} ${where ? `${c.dim(`[${where}]`)} ` : ''}${problem.message}`);
    }
    lines.push('');
  }
  lines.push(
    report.passed
      ? c.green(`✓ ${report.subgraph} passes${warnings > 0 ? ' (read the warnings)' : ''}: run it (meshgraph subgraph ${domain}), then publish it (meshgraph publish ${domain} --url <its /graphql>).`)
      : c.red(`✗ ${report.subgraph} does not pass: fix the errors above, then check again.`),
  );
  return `${lines.join('\n')}\n`;
}
