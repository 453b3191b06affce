import { useQuery } from '../graph/useQuery.ts';
import { PRODUCT_CONSUMERS_QUERY, type ProductConsumer } from './accessQueries.ts';
import { when } from './format.ts';

/** Who read a data product lately, most recent first, as the catalog shows it to the viewer (by consumer id on a governed gateway). */
export function ProductConsumers({ urn }: { urn: string }) {
  const { data, error } = useQuery<{ dataProduct: { figures: { consumers: ProductConsumer[] } | null } | null }>(PRODUCT_CONSUMERS_QUERY, { urn });
  if (error) return <p role="alert">The catalog did not say who uses it: {error.message}</p>;
  if (!data) return null;
  const consumers = data.dataProduct?.figures?.consumers;
  if (!consumers) return <p class="hint">Who uses it shows while its domain answers.</p>;
  if (!consumers.length) return <p class="consumers-none">No one has read it through the gateway yet.</p>;
  return (
    <table class="consumers">
      <caption>Recent consumers</caption>
      <thead>
        <tr>
          <th scope="col">consumer</th>
          <th scope="col">last seen</th>
          <th scope="col">reads</th>
        </tr>
      </thead>
      <tbody>
        {consumers.map((consumer) => (
          <tr key={consumer.clientName}>
            <td>{consumer.clientName}</td>
            <td>{when(consumer.lastSeenAt)}</td>
            <td>{consumer.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
