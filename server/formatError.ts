import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../logger/index.ts';
import { ErrorCode } from '../schema/index.ts';

/**
 * Apollo Server's `formatError`: outside development an unexpected error
 * (code `INTERNAL_SERVER_ERROR`) reaches the caller as a generic message and
 * its cause goes to the log, so internals never leak; a subgraph's raw HTTP
 * answer (`extensions.response`) never reaches the caller, in development
 * either.
 */
export function createErrorFormatter(development: boolean, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.['response'] !== undefined) {
      // Apollo's remote data sources put a subgraph's raw HTTP answer there: it stays in the log, in development too.
      const { response, ...extensions } = formatted.extensions;
      logger.warn('a subgraph answer was kept from the caller', { path: formatted.path?.join('.'), response });
      formatted = { ...formatted, extensions };
    }
    if (development || formatted.extensions?.['code'] !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
    logger.error('unexpected error', { path: formatted.path?.join('.'), err: error });
    return { ...formatted, message: 'Unexpected error; the server log has the details.' };
  };
}
