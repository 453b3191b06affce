import type { ListedProduct } from './catalogQueries.ts';

/** The facets the landing page filters by, with the values each product has. */
export const FACETS = {
  domain: (p: ListedProduct) => [p.domain],
  kind: (p: ListedProduct) => [p.kind],
  tag: (p: ListedProduct) => p.tags,
  classification: (p: ListedProduct) => [...new Set(p.schema.flatMap((type) => type.fields.map((field) => field.classification)))],
  status: (p: ListedProduct) => [p.status],
} as const;

export type FacetName = keyof typeof FACETS;
export const FACET_NAMES = Object.keys(FACETS) as FacetName[];

/** The values chosen in each facet; a facet with none chosen filters nothing. */
export type FacetSelection = Record<FacetName, readonly string[]>;

/** The selection a page address carries (`?domain=podcasts&kind=AGGREGATE`); a facet may repeat. */
export function selectionOf(params: URLSearchParams): FacetSelection {
  const selection = {} as Record<FacetName, string[]>;
  for (const name of FACET_NAMES) selection[name] = params.getAll(name);
  return selection;
}

/** Whether a product has, in every facet with values chosen, one of them. */
export function inSelection(product: ListedProduct, selection: FacetSelection): boolean {
  return FACET_NAMES.every((name) => selection[name].length === 0 || FACETS[name](product).some((value) => selection[name].includes(value)));
}

/**
 * Each value of a facet with how many products would be listed with it
 * chosen, given the other facets' choices (so a count never promises what a
 * click would not show), most first.
 */
export function facetCounts(products: readonly ListedProduct[], selection: FacetSelection, facet: FacetName): { value: string; count: number }[] {
  const others = { ...selection, [facet]: [] };
  const counts = new Map<string, number>();
  for (const product of products.filter((p) => inSelection(p, others))) {
    for (const value of FACETS[facet](product)) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  for (const chosen of selection[facet]) if (!counts.has(chosen)) counts.set(chosen, 0);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
