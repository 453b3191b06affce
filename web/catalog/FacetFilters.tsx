import { facetCounts, FACET_NAMES, type FacetSelection } from './facets.ts';
import type { ListedProduct } from './catalogQueries.ts';

interface FacetFiltersProps {
  products: readonly ListedProduct[];
  selection: FacetSelection;
  /** The page's address parameters, changed and handed to `onChange` on a click. */
  params: URLSearchParams;
  onChange(next: URLSearchParams): void;
}

/** One group of checkboxes per facet; values chosen in one facet widen it, facets narrow each other. */
export function FacetFilters({ products, selection, params, onChange }: FacetFiltersProps) {
  const toggle = (facet: string, value: string, on: boolean) => {
    const next = new URLSearchParams(params);
    const values = next.getAll(facet).filter((v) => v !== value);
    next.delete(facet);
    for (const v of on ? [...values, value] : values) next.append(facet, v);
    onChange(next);
  };
  return (
    <aside class="facets" aria-label="Filters">
      {FACET_NAMES.map((facet) => (
        <fieldset key={facet} class="facet">
          <legend>{facet}</legend>
          {facetCounts(products, selection, facet).map(({ value, count }) => (
            <label key={value} class="facet-value">
              <input type="checkbox" name={facet} value={value} checked={selection[facet].includes(value)} onChange={(event) => toggle(facet, value, event.currentTarget.checked)} />
              <span>{label(value)}</span> <span class="count">{count}</span>
            </label>
          ))}
        </fieldset>
      ))}
    </aside>
  );
}

/** `SOURCE_ALIGNED` reads as "source aligned". */
const label = (value: string) => (/^[A-Z_]+$/.test(value) ? value.toLowerCase().replace(/_/g, ' ') : value);
