import type { DataProductDescriptor } from '../../../schema/index.ts';

/** The `description` block both standards share: purpose, usage, limitations, and the terms of use as a custom property. */
export function descriptionOf(descriptor: DataProductDescriptor) {
  const { purpose, usage, limitations } = descriptor.description;
  return { purpose, usage, limitations, customProperties: [{ property: 'terms', value: { usage: descriptor.terms.usage, license: descriptor.terms.license } }] };
}
