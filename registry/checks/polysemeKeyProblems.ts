import { polysemeProblems } from '../../subgraphs/kit/linkPolysemes.ts';
import type { CheckProblem } from '../CheckReport.ts';
import type { CheckContext } from './SubgraphCheck.ts';

/**
 * Polyseme keys and key types: every polyseme the SDL declares has the key
 * of `schema/polysemes.graphql`, with the same types (`id: ID!`), as the kit
 * requires of a domain at its start.
 */
export function polysemeKeyProblems(context: CheckContext): CheckProblem[] {
  return polysemeProblems(context.document, context.federationName).map((message) => ({
    check: 'polyseme-key',
    severity: 'error',
    message: `${message[0]!.toUpperCase()}${message.slice(1)}`,
    coordinate: /polyseme "([^"]+)"/.exec(message)?.[1],
  }));
}
