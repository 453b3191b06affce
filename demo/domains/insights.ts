import { createInsightsDomain } from '../../subgraphs/insights/index.ts';
import type { DomainContext, DomainDefinition } from '../../subgraphs/kit/index.ts';
import { readDemoDomainOptions } from './readDemoDomainOptions.ts';

/**
 * `meshgraph subgraph insights`: the insights domain as it is (it holds
 * nothing of the demo world but what its input topics carry), on a data
 * folder claimed for the demo world.
 */
export async function createDomain(context: DomainContext): Promise<DomainDefinition> {
  await readDemoDomainOptions(context);
  return createInsightsDomain();
}
