import type { Classification } from './Classification.ts';

/** One type of the schema a data product serves, as its descriptor shows it. */
export interface DescribedType {
  name: string;
  description: string;
  fields: DescribedField[];
}

/** One field of a `DescribedType`, with its classification. */
export interface DescribedField {
  name: string;
  type: string;
  description: string;
  classification: Classification;
}
