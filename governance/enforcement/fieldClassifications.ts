import type { Classification, DataProductDescriptor } from '../../schema/index.ts';
import type { ProductClassification } from './FieldRule.ts';

/**
 * Every field the descriptors describe, with its classification in each data
 * product that serves it: the fields of the product's schema, and its output
 * ports' root fields (the product's doors, classified as the product unless
 * named), and any field its classification names. The kit puts these into the subgraph SDL; the catalog decides with
 * them as the gateway does.
 */
export function fieldClassifications(descriptors: readonly Pick<DataProductDescriptor, 'urn' | 'classification' | 'outputPorts' | 'schema'>[]): Map<string, ProductClassification[]> {
  const byCoordinate = new Map<string, ProductClassification[]>();
  for (const { urn, classification, outputPorts, schema } of descriptors) {
    const pseudonymised = new Set(classification.pseudonymise ?? []);
    const add = (coordinate: string, level: Classification) => {
      const list = byCoordinate.get(coordinate) ?? [];
      list.push({ level, product: urn, explicit: classification.fields?.[coordinate] !== undefined, pseudonymise: pseudonymised.has(coordinate) });
      byCoordinate.set(coordinate, list);
    };
    for (const port of outputPorts) if (port.kind !== 'topic') add(port.field, classification.fields?.[port.field] ?? classification.default);
    for (const type of schema) for (const field of type.fields) add(`${type.name}.${field.name}`, field.classification);
    // A field the product classifies by name is one it serves, reached or not: one a domain adds to another's polyseme is entered through the polyseme, not through a port.
    for (const [coordinate, level] of Object.entries(classification.fields ?? {})) {
      if (!byCoordinate.get(coordinate)?.some((c) => c.product === urn)) add(coordinate, level);
    }
  }
  return byCoordinate;
}
