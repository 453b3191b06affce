import { useQuery } from '../graph/useQuery.ts';
import { productPath } from './productPath.ts';
import { VERSIONS_QUERY, type ProductDetails, type ProductVersion } from './productQueries.ts';

/**
 * A product's status and version history: every move of its lifecycle (from,
 * to, when, by whom, why), newest first, and its other major versions (the
 * products of its domain with its name), each with its status.
 */
export function VersionHistory({ product }: { product: Pick<ProductDetails, 'urn' | 'name' | 'domain' | 'status' | 'lifecycle'> }) {
  const versions = useQuery<{ dataProducts: { dataProduct: ProductVersion }[] }>(VERSIONS_QUERY, { domain: product.domain }).data;
  const others = versions?.dataProducts.map((match) => match.dataProduct).filter((other) => other.name === product.name && other.urn !== product.urn);
  const moves = [...product.lifecycle.history].reverse();
  return (
    <div class="version-history">
      {moves.length ? (
        <table class="lifecycle-history">
          <caption>Every move of its status, newest first</caption>
          <thead>
            <tr>
              <th scope="col">from</th>
              <th scope="col">to</th>
              <th scope="col">when</th>
              <th scope="col">by</th>
              <th scope="col">why</th>
            </tr>
          </thead>
          <tbody>
            {moves.map((move) => (
              <tr key={move.at}>
                <td>
                  <span class={`status status-${move.from}`}>{move.from}</span>
                </td>
                <td>
                  <span class={`status status-${move.to}`}>{move.to}</span>
                </td>
                <td>
                  <time dateTime={move.at}>{new Date(move.at).toLocaleString()}</time>
                </td>
                <td>{move.by}</td>
                <td>
                  {move.reason}
                  {move.successor ? (
                    <>
                      {' '}
                      Replaced by <a href={productPath(move.successor)}>{move.successor}</a>.
                    </>
                  ) : null}
                  {move.sunset ? ` May be retired from ${move.sunset}.` : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="never-moved">Its owners never moved it: its status, {product.status}, is its descriptor's.</p>
      )}
      {others === undefined ? null : others.length ? (
        <>
          <p>Its other major versions, side by side:</p>
          <ul class="other-majors">
            {others.map((other) => (
              <li key={other.urn}>
                <a href={productPath(other.urn)}>
                  {other.name} {other.version}
                </a>{' '}
                <span class={`status status-${other.status}`}>{other.status}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="other-majors">This is its only major version.</p>
      )}
    </div>
  );
}
