import { parseUrn } from '../../schema/index.ts';

const NO_POLYSEMES: ReadonlySet<string> = new Set();

/** The domain of a data product's URN (`urn:meshgraph:listeners:listener-profiles:v1` → `listeners`): its owners decide access to it. */
export function productDomain(urn: string): string | undefined {
  const parsed = parseUrn(urn, NO_POLYSEMES);
  return parsed?.kind === 'dataProduct' ? parsed.domain : undefined;
}
