import { useRoute } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { productPath } from '../product/productPath.ts';
import { nodeLines } from './describeLineage.ts';
import { domainColours } from './domainColours.ts';
import { layoutLineage } from './layoutLineage.ts';
import { LineageDetails } from './LineageDetails.tsx';
import { LineageLegend } from './LineageLegend.tsx';
import type { LineageGraph } from './lineageQueries.ts';
import { lineagePath } from './lineagePath.ts';
import { LineagePicture, type LineageSelection } from './LineagePicture.tsx';
import { LineageTable } from './LineageTable.tsx';
import { PRODUCT_LINEAGE_DEPTH, useLineage } from './useLineage.ts';
import { edgeKey } from './mergeLineages.ts';
import './lineage.css';

/**
 * Where data comes from and where it goes, as a picture: `/lineage` the
 * whole mesh, `/lineage/<urn>` one product two hops each way. Its edges
 * compare what ports and agreements declare with what the mesh observed,
 * and flag the use nobody declared; a table under the picture says the same.
 */
export function LineagePage() {
  const encoded = useRoute().params['urn'];
  const urn = encoded === undefined ? undefined : decodeURIComponent(encoded);
  const state = useLineage(urn);
  const subject = urn === undefined ? 'the mesh' : (urn.split(':')[3] ?? urn);
  return (
    <article class="lineage-page">
      <header>
        <h1>Lineage of {subject}</h1>
        {urn === undefined ? (
          <p class="facts">Every data product, where its data comes from and who uses it: what ports and agreements declare, and what the mesh saw.</p>
        ) : (
          <p class="facts">
            <code>{urn}</code>: {PRODUCT_LINEAGE_DEPTH} hops upstream and downstream · <a href={productPath(urn)}>its page</a> · <a href={lineagePath()}>the whole mesh</a>
          </p>
        )}
      </header>
      {state.status === 'loading' && <p role="status">Loading the lineage…</p>}
      {state.status === 'failed' && <p role="alert">No lineage to draw: {state.error.message}</p>}
      {state.status === 'loaded' && <LineageView graph={state.graph} root={urn} subject={subject} />}
    </article>
  );
}

function LineageView({ graph, root, subject }: { graph: LineageGraph; root: string | undefined; subject: string }) {
  const layout = useMemo(() => layoutLineage(graph, nodeLines), [graph]);
  const colours = useMemo(() => domainColours(graph.nodes.flatMap((node) => (node.dataProduct ? [node.dataProduct.domain] : []))), [graph]);
  const labels = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node.label])), [graph]);
  const labelOf = (id: string) => labels.get(id) ?? id;
  const [selected, setSelected] = useState<LineageSelection>();
  if (graph.edges.length === 0) return <p>No data flows into or out of {subject} yet: it declares no input port, and nobody was seen using it.</p>;
  return (
    <>
      <div class="lineage-stage">
        <div class="lineage-frame">
          <LineagePicture layout={layout} title={`Lineage of ${subject}`} root={root} colours={colours} labelOf={labelOf} selected={selected} onSelect={setSelected} />
        </div>
        <LineageDetails
          node={selected?.kind === 'node' ? graph.nodes.find((node) => node.id === selected.id) : undefined}
          edge={selected?.kind === 'edge' ? graph.edges.find((edge) => edgeKey(edge) === selected.key) : undefined}
          labelOf={labelOf}
        />
      </div>
      <LineageLegend colours={colours} />
      <section aria-labelledby="lineage-edges">
        <h2 id="lineage-edges">Every edge</h2>
        <LineageTable graph={graph} caption={`${graph.edges.length} edges between ${graph.nodes.length} nodes`} />
      </section>
    </>
  );
}
