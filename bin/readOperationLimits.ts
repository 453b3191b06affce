import { readPositiveNumber, type Env } from '../config/index.ts';
import type { OperationLimits, OperationLimitsOptions } from '../server/index.ts';

/**
 * Reads the operation limits from `MESHGRAPH_MAX_DEPTH`, `MESHGRAPH_MAX_COST`,
 * `MESHGRAPH_DEFAULT_LIST_SIZE`, `MESHGRAPH_MAX_ALIASES`,
 * `MESHGRAPH_MAX_ROOT_FIELDS`, `MESHGRAPH_MAX_FIELDS` and
 * `MESHGRAPH_MAX_TOKENS`; each one not set is that of `defaults` (the
 * gateway's, or a domain's looser ones).
 */
export function readOperationLimits(env: Env, defaults: OperationLimits['settings']): Omit<OperationLimitsOptions, 'schema' | 'costDirectives' | 'onEstimate'> {
  const read = (name: string, fallback: number) => readPositiveNumber(env, name, fallback, { integer: true });
  return {
    maxDepth: read('MESHGRAPH_MAX_DEPTH', defaults.maxDepth),
    maxCost: read('MESHGRAPH_MAX_COST', defaults.maxCost),
    defaultListSize: read('MESHGRAPH_DEFAULT_LIST_SIZE', defaults.defaultListSize),
    maxAliases: read('MESHGRAPH_MAX_ALIASES', defaults.maxAliases),
    maxRootFields: read('MESHGRAPH_MAX_ROOT_FIELDS', defaults.maxRootFields),
    maxFields: read('MESHGRAPH_MAX_FIELDS', defaults.maxFields),
    maxTokens: read('MESHGRAPH_MAX_TOKENS', defaults.maxTokens),
  };
}
