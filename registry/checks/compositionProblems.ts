import type { GraphQLError } from 'graphql';
import { CATALOG_SUBGRAPH } from '../../gateway/catalog/index.ts';
import type { CheckProblem } from '../CheckReport.ts';
import type { CheckContext } from './SubgraphCheck.ts';

/** The subgraphs a composition error's nodes come from, else those its message names in quotes. */
function subgraphsOf(error: GraphQLError, names: readonly string[]): string[] {
  const fromNodes = (error.nodes ?? []).flatMap((node) => (node.loc?.source.name ? [node.loc.source.name] : []));
  const fromMessage = names.filter((name) => error.message.includes(`"${name}"`));
  return [...new Set([...fromNodes, ...fromMessage])].filter((name) => names.includes(name));
}

/** The first `Type.field` coordinate a composition message quotes. */
const coordinateIn = (message: string): string | undefined => /"([A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*)"/.exec(message)?.[1];

/**
 * Composition against the current mesh: the candidate with every other
 * subgraph and the gateway's catalog subgraph, as the gateway composes them.
 * Federation errors are errors, its warnings (hints) about the candidate are
 * warnings; each names the other subgraph involved.
 */
export function compositionProblems(context: CheckContext): CheckProblem[] {
  const { candidate } = context;
  if (candidate.name === CATALOG_SUBGRAPH) {
    return [{ check: 'composition', severity: 'error', message: `"${CATALOG_SUBGRAPH}" is the name of the gateway's built-in catalog subgraph; publish under your domain's name.` }];
  }
  const { result, names, unparsable } = context.composition();
  const problems: CheckProblem[] = unparsable.map(({ name, reason }) => ({
    check: 'composition',
    severity: 'warning',
    otherSubgraph: name,
    message: `Subgraph "${name}" of the mesh has an SDL that does not parse (${reason}); the candidate was composed without it.`,
  }));
  for (const error of result.errors ?? []) {
    const involved = subgraphsOf(error, names);
    const otherSubgraph = involved.find((name) => name !== candidate.name);
    const code = typeof error.extensions['code'] === 'string' ? ` (${error.extensions['code']})` : '';
    problems.push({ check: 'composition', severity: 'error', message: `${error.message}${code}.`, coordinate: coordinateIn(error.message), ...(otherSubgraph ? { otherSubgraph } : {}) });
  }
  for (const hint of result.hints ?? []) {
    const involved = [...new Set([...(hint.nodes ?? []).map((node) => node.subgraph), ...names.filter((name) => hint.message.includes(`"${name}"`))])];
    if (!involved.includes(candidate.name)) continue;
    const otherSubgraph = involved.find((name) => name !== candidate.name && names.includes(name));
    problems.push({ check: 'composition', severity: 'warning', message: `${hint.message} (${hint.definition.code}).`, coordinate: hint.coordinate ?? coordinateIn(hint.message), ...(otherSubgraph ? { otherSubgraph } : {}) });
  }
  return problems;
}
