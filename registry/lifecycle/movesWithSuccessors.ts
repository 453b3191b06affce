import type { LifecycleChange, ProductLifecycle } from './ProductLifecycle.ts';

/**
 * A product's moves, oldest first, each with the successor it sends
 * consumers to: the one it names or, for a retirement that names none, the
 * one its deprecation named (as the book records the lifecycle's).
 */
export function movesWithSuccessors(lifecycle: Pick<ProductLifecycle, 'history'>): LifecycleChange[] {
  let successor: string | undefined;
  return lifecycle.history.map((change) => {
    successor = change.successor ?? (change.to === 'retired' ? successor : undefined);
    return successor === undefined ? change : { ...change, successor };
  });
}
