import { productPath } from '../product/productPath.ts';
import { edgeFlags, nodeKindText, observedText, viaText } from './describeLineage.ts';
import type { LineageEdge, LineageNode } from './lineageQueries.ts';
import { lineagePath } from './lineagePath.ts';

interface LineageDetailsProps {
  /** The node or edge pointed at or focused; none yet. */
  node?: LineageNode | undefined;
  edge?: LineageEdge | undefined;
  labelOf: (id: string) => string;
}

/** The details of what the viewer points at or focuses in the picture, read out as they change. */
export function LineageDetails({ node, edge, labelOf }: LineageDetailsProps) {
  return (
    <div class="lineage-details" aria-live="polite">
      {edge ? <EdgeDetails edge={edge} labelOf={labelOf} /> : node ? <NodeDetails node={node} /> : <p class="hint">Point at or focus a node or an edge to see its details.</p>}
    </div>
  );
}

function EdgeDetails({ edge, labelOf }: { edge: LineageEdge; labelOf: (id: string) => string }) {
  const flags = edgeFlags(edge);
  return (
    <dl>
      <dt>From</dt>
      <dd>{labelOf(edge.from)}</dd>
      <dt>To</dt>
      <dd>{labelOf(edge.to)}</dd>
      <dt>Via</dt>
      <dd>{viaText(edge)}</dd>
      <dt>Declared</dt>
      <dd>{edge.declared ? 'yes' : 'no'}</dd>
      <dt>Observed</dt>
      <dd>{observedText(edge)}</dd>
      {edge.purpose && (
        <>
          <dt>Purpose</dt>
          <dd>
            {edge.purpose}
            {edge.agreement ? ` (agreement ${edge.agreement})` : ''}
          </dd>
        </>
      )}
      {flags.length > 0 && (
        <>
          <dt>Flagged</dt>
          <dd class="flags">{flags.join(', ')}</dd>
        </>
      )}
    </dl>
  );
}

function NodeDetails({ node }: { node: LineageNode }) {
  return (
    <dl>
      <dt>{node.label}</dt>
      <dd>{nodeKindText(node)}</dd>
      {node.dataProduct && (
        <dd>
          <a href={productPath(node.dataProduct.urn)}>Its page</a> · <a href={lineagePath(node.dataProduct.urn)}>Its lineage</a>
        </dd>
      )}
    </dl>
  );
}
