import { productPath } from '../product/productPath.ts';
import { edgeFlags, observedText, viaText } from './describeLineage.ts';
import type { LineageGraph, LineageNode } from './lineageQueries.ts';
import { edgeKey } from './mergeLineages.ts';

/** The picture's text alternative: every edge as a row, each product a link to its page. */
export function LineageTable({ graph, caption }: { graph: LineageGraph; caption: string }) {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  return (
    <table class="lineage-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">from</th>
          <th scope="col">to</th>
          <th scope="col">via</th>
          <th scope="col">declared</th>
          <th scope="col">observed</th>
          <th scope="col">flags</th>
        </tr>
      </thead>
      <tbody>
        {graph.edges.map((edge) => (
          <tr key={edgeKey(edge)} data-from={edge.from} data-to={edge.to} data-via={edge.via}>
            <td>
              <NodeName node={nodes.get(edge.from)} id={edge.from} />
            </td>
            <td>
              <NodeName node={nodes.get(edge.to)} id={edge.to} />
            </td>
            <td>{viaText(edge)}</td>
            <td>{edge.declared ? 'yes' : 'no'}</td>
            <td>{observedText(edge)}</td>
            <td class="flags">{edgeFlags(edge).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NodeName({ node, id }: { node: LineageNode | undefined; id: string }) {
  if (!node) return <>{id}</>;
  return node.dataProduct ? <a href={productPath(node.dataProduct.urn)}>{node.label}</a> : <>{node.label}</>;
}
