import type { DataProductDescriptor } from '../../schema/index.ts';

/**
 * Fields that a domain's data products name in their field classifications
 * differently: one GraphQL field serves the same values whichever product
 * reaches it, so a deliberate classification is one (products' defaults may
 * differ: an explicit classification decides over them).
 */
export function classificationConflicts(descriptors: readonly DataProductDescriptor[]): string[] {
  const seen = new Map<string, { product: string; level: string }>();
  const problems: string[] = [];
  for (const descriptor of descriptors) {
    for (const [coordinate, level] of Object.entries(descriptor.classification.fields ?? {})) {
      const earlier = seen.get(coordinate);
      if (!earlier) seen.set(coordinate, { product: descriptor.name, level });
      else if (earlier.level !== level) {
        problems.push(`Data product "${descriptor.name}": field "${coordinate}" is classified ${level}, but data product "${earlier.product}" classifies it ${earlier.level}; give it one classification in both (the stricter, unless it is wrong).`);
      }
    }
  }
  return problems;
}
