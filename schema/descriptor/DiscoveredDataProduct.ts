import type { DataProductDescriptor } from './DataProductDescriptor.ts';
import type { DataProductFigures } from './DataProductFigures.ts';

/** A descriptor as the discovery port (`GET /data-products`) serves it: with live figures, `null` when the product measures none. */
export type DiscoveredDataProduct = DataProductDescriptor & { figures: DataProductFigures | null };
