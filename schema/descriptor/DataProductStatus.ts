/** Life-cycle state (ODPS `status`). */
export type DataProductStatus = 'proposed' | 'active' | 'deprecated' | 'retired';

/** Every `DataProductStatus`, from first to last in a data product's life. */
export const DATA_PRODUCT_STATUSES: readonly DataProductStatus[] = ['proposed', 'active', 'deprecated', 'retired'];
