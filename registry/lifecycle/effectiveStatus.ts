import type { DataProductDescriptor, DataProductStatus } from '../../schema/index.ts';
import type { LifecycleBook } from './ProductLifecycle.ts';

/**
 * A data product's status as the mesh serves it: the lifecycle book's when
 * its owner moved it, else the one its descriptor declares (a product never
 * moved, or a gateway without a registry, hence without a book).
 */
export function effectiveStatus(descriptor: Pick<DataProductDescriptor, 'urn' | 'status'>, book: Pick<LifecycleBook, 'get'> | undefined): DataProductStatus {
  return book?.get(descriptor.urn)?.status ?? descriptor.status;
}
