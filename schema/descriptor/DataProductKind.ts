/** What a data product is for, in the mesh's taxonomy. */
export type DataProductKind = 'SOURCE_ALIGNED' | 'AGGREGATE' | 'CONSUMER_ALIGNED';

/** Every `DataProductKind`, in the order the catalog lists them. */
export const DATA_PRODUCT_KINDS: readonly DataProductKind[] = ['SOURCE_ALIGNED', 'AGGREGATE', 'CONSUMER_ALIGNED'];
