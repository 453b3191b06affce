import { useLocation } from 'preact-iso';
import { useQuery } from '../graph/useQuery.ts';
import { PRODUCTS_QUERY, type ProductMatch } from './catalogQueries.ts';
import { FacetFilters } from './FacetFilters.tsx';
import { inSelection, selectionOf } from './facets.ts';
import { ProductList } from './ProductList.tsx';

/**
 * The landing page: every data product of the mesh with its domain, owner,
 * status and kind, open to anyone (the catalog answers without a token).
 * Search runs as you type; facets filter what it found. Both live in the
 * address (`/?q=plays&domain=podcasts`), so a search can be shared.
 */
export function CatalogPage() {
  const location = useLocation();
  const params = new URLSearchParams(location.url.split('?')[1] ?? '');
  const search = params.get('q') ?? '';
  const selection = selectionOf(params);
  const { data, error, loading } = useQuery<{ dataProducts: ProductMatch[] }>(PRODUCTS_QUERY, { search: search.trim() || null });
  const matches = data?.dataProducts ?? [];
  const shown = matches.filter((match) => inSelection(match.dataProduct, selection));

  const navigate = (next: URLSearchParams) => {
    const query = next.toString();
    location.route(query ? `/?${query}` : '/', true);
  };
  const onSearch = (text: string) => {
    const next = new URLSearchParams(params);
    if (text) next.set('q', text);
    else next.delete('q');
    navigate(next);
  };

  return (
    <div class="catalog">
      <section class="search" aria-label="Search">
        <h1>Data products</h1>
        <label for="search">Search the mesh</label>
        <input id="search" type="search" value={search} placeholder="plays, royalties, listeners…" autocomplete="off" onInput={(event) => onSearch(event.currentTarget.value)} />
        <p class="summary" role="status" aria-live="polite">
          {error ? `The catalog did not answer: ${error.message}` : loading && !data ? 'Loading the catalog…' : summary(shown.length, matches.length, search)}
        </p>
      </section>
      <FacetFilters products={matches.map((m) => m.dataProduct)} selection={selection} params={params} onChange={navigate} />
      <ProductList matches={shown} searching={search.trim() !== ''} />
    </div>
  );
}

function summary(shown: number, found: number, search: string): string {
  const what = `${shown} data product${shown === 1 ? '' : 's'}`;
  if (search.trim()) return `${what} match “${search.trim()}”${shown < found ? ` (${found - shown} more outside the filters)` : ''}.`;
  return shown < found ? `${what} of ${found}.` : `${what}.`;
}
