import type { ProductMatch } from './catalogQueries.ts';
import { productPath } from '../product/productPath.ts';

/** How many match reasons show before "and N more". */
const REASONS_SHOWN = 4;

/** The products found, each with its way in (its page), owner, and, when searching, why it matched. */
export function ProductList({ matches, searching }: { matches: readonly ProductMatch[]; searching: boolean }) {
  return (
    <ol class="products" aria-label="Data products">
      {matches.map(({ dataProduct: product, matchedIn }) => (
        <li key={product.urn} class="product">
          <h2>
            <a href={productPath(product.urn)}>{product.name}</a>
          </h2>
          <p class="facts">
            <span class="domain">{product.domain}</span> · <span class="kind">{product.kind.toLowerCase().replace(/_/g, ' ')}</span> · <span class={`status status-${product.status}`}>{product.status}</span>
          </p>
          <p class="owner">
            Owner: <a href={`mailto:${product.owner.email}`}>{product.owner.name}</a> ({product.team.name})
          </p>
          <p class="purpose">{product.description.purpose}</p>
          {searching && matchedIn.length > 0 && (
            <p class="why">
              Matched in {matchedIn.slice(0, REASONS_SHOWN).join(', ')}
              {matchedIn.length > REASONS_SHOWN ? ` and ${matchedIn.length - REASONS_SHOWN} more` : ''}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
