import { productPath } from './productPath.ts';
import type { ProductDetails } from './productQueries.ts';

/** How data enters (upstream products, topics, systems) and leaves (queries, subscriptions, topics). */
export function PortList({ inputs, outputs }: { inputs: ProductDetails['inputPorts']; outputs: ProductDetails['outputPorts'] }) {
  return (
    <div class="ports">
      <h3>In</h3>
      {inputs.length === 0 ? (
        <p>No input ports.</p>
      ) : (
        <ul>
          {inputs.map((port) => (
            <li key={port.name}>
              <strong>{port.name}</strong> ({port.kind}){port.urn ? <> from <a href={productPath(port.urn)}>{port.urn}</a></> : null}
              {port.topic ? <> · topic <code>{port.topic}</code></> : null}
              {port.system ? <> · system {port.system}</> : null}
              {port.description ? <> — {port.description}</> : null}
            </li>
          ))}
        </ul>
      )}
      <h3>Out</h3>
      <ul>
        {outputs.map((port) => (
          <li key={`${port.kind}:${port.name}`}>
            <strong>{port.name}</strong> ({port.kind}){port.field ? <> · <code>{port.field}</code></> : null}
            {port.topic ? <> · topic <code>{port.topic}</code></> : null}
            {port.description ? <> — {port.description}</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
