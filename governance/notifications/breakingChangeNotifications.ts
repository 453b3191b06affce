import type { CheckProblem } from '../../registry/CheckReport.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { productOf } from './affectedAudience.ts';
import type { Notification } from './Notification.ts';

/** A publication the registry refused because it would break what consumers use. */
export interface RefusedBreakingChange {
  /** The subgraph published. */
  readonly subgraph: string;
  /** Who published it. */
  readonly by: string;
  /** When it was refused, ISO-8601. */
  readonly at: string;
  /** The refused publication's problems; those of the `breaking-change` check that are errors, with the use they break, are told. */
  readonly problems: readonly CheckProblem[];
  /** The subgraph's data products (as published now), to tell each change under the product it belongs to. */
  readonly products: readonly DataProductDescriptor[];
}

/**
 * One notification per data product whose fields a refused publication
 * would break: to the consumers whose recorded use it breaks and the
 * product's owners, naming the fields and operations, with the check's
 * report. A change no product describes (an enum value, say) is told under
 * the subgraph's first product.
 */
export function breakingChangeNotifications({ subgraph, by, at, problems, products }: RefusedBreakingChange): Notification[] {
  const breaking = problems.filter((p) => p.check === 'breaking-change' && p.severity === 'error' && p.usedBy?.length);
  const byProduct = new Map<DataProductDescriptor, CheckProblem[]>();
  for (const problem of breaking) {
    const product = productOf(products, problem.coordinate ?? '') ?? products[0];
    if (!product) continue;
    byProduct.set(product, [...(byProduct.get(product) ?? []), problem]);
  }
  return [...byProduct].map(([product, found]) => {
    const uses = found.flatMap((p) => p.usedBy ?? []);
    const consumers = [...new Set(uses.map((use) => use.consumer).filter((consumer) => consumer !== 'anonymous'))].sort();
    const fields = [...new Set(found.map((p) => p.coordinate!))].sort();
    return {
      id: `breaking:${product.urn}:${at}`,
      kind: 'BREAKING_CHANGE_PROPOSED',
      urn: product.urn,
      at,
      message: `A publication of subgraph "${subgraph}" by ${by} was refused: it would break ${fields.join(', ')} of ${product.urn}, used by ${consumers.length > 0 ? consumers.join(', ') : 'anonymous callers'}. ${found.map((p) => p.message).join(' ')}`,
      fields,
      operations: [...new Set(uses.flatMap((use) => use.operations))].sort(),
      to: { consumers, owners: [product.domain] },
    };
  });
}
