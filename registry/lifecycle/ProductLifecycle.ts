import type { Consumer } from '../../governance/Consumer.ts';
import type { DataProductDescriptor, DataProductStatus } from '../../schema/descriptor/index.ts';

/** One move of a data product's status, made by its owner (or governance) with a reason. */
export interface LifecycleChange {
  readonly urn: string;
  readonly from: DataProductStatus;
  readonly to: DataProductStatus;
  /** Why, in a sentence for its consumers. */
  readonly reason: string;
  /** The data product that replaces it, e.g. `urn:meshgraph:podcasts:episode-plays:v2`. */
  readonly successor?: string;
  /** For `deprecated`: the day (`YYYY-MM-DD`) from which (00:00 UTC) it may be retired, as for `@deprecated` fields (`isPastSunset`). */
  readonly sunset?: string;
  /** The consumer id that made the change. */
  readonly by: string;
  /** ISO-8601 time of the change. */
  readonly at: string;
}

/** A data product's life as the registry records it: where it stands and every move that brought it there. */
export interface ProductLifecycle {
  readonly urn: string;
  readonly status: DataProductStatus;
  /** The reason, successor and sunset of the latest move; a retirement that names no successor keeps its deprecation's. */
  readonly reason?: string;
  readonly successor?: string;
  readonly sunset?: string;
  /** Every move, oldest first. */
  readonly history: readonly LifecycleChange[];
  /** The product's descriptor as the registry knew it at the latest move: the catalog shows a retired product by it once its domain no longer serves it. */
  readonly descriptor?: DataProductDescriptor;
}

/** A move asked for: the product, the status it goes to, and why. */
export interface LifecycleRequest {
  readonly urn: string;
  readonly to: DataProductStatus;
  readonly reason: string;
  readonly successor?: string;
  readonly sunset?: string;
}

/**
 * The data products' lifecycles on the event log, which every gateway
 * replica follows. A product never moved has none: the status its
 * descriptor declares stands.
 */
export interface LifecycleBook {
  /** Settles once the book has read what the log held when it opened. */
  readonly ready: Promise<void>;
  get(urn: string): ProductLifecycle | undefined;
  list(): readonly ProductLifecycle[];
  /** Moves a product's status; rejects with a clear error when the caller may not, or the move is not allowed. */
  move(caller: Consumer | undefined, request: LifecycleRequest): Promise<ProductLifecycle>;
  /** Calls `listener` with each move as this replica learns it (made here or on another replica); returns how to stop. */
  onChange(listener: (change: LifecycleChange, lifecycle: ProductLifecycle) => void): () => void;
  close(): Promise<void>;
}
