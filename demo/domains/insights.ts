import { createInsightsDomain, type InsightStore } from '../../subgraphs/insights/index.ts';
import type { DomainContext, DomainDefinition } from '../../subgraphs/kit/index.ts';
import { demoClock } from '../data/index.ts';
import { readDemoDomainOptions } from './readDemoDomainOptions.ts';

/**
 * The demo's insights domain: the insights domain as it is (it holds nothing
 * of the demo world but what its input topics carry), on the demo world's
 * clock, so the world's plays stay within its products' one-year retention.
 */
export function createDemoInsightsDomain(): DomainDefinition & { store: InsightStore } {
  return { ...createInsightsDomain(), now: demoClock };
}

/** `meshgraph subgraph insights`: the demo's insights, on a data folder claimed for the demo world. */
export async function createDomain(context: DomainContext): Promise<DomainDefinition> {
  await readDemoDomainOptions(context);
  return createDemoInsightsDomain();
}
