import { useLocation } from 'preact-iso';
import { productPath } from '../product/productPath.ts';
import { edgeLine, edgeSentence, nodeLines } from './describeLineage.ts';
import type { LineageLayout, PlacedEdge, PlacedNode } from './layoutLineage.ts';

/** What the viewer points at or focuses in the picture. */
export type LineageSelection = { kind: 'node'; id: string } | { kind: 'edge'; key: string };

interface LineagePictureProps {
  layout: LineageLayout;
  /** The picture's accessible name. */
  title: string;
  /** The product the picture is about, drawn stronger; none for the whole mesh. */
  root?: string;
  colours: ReadonlyMap<string, string>;
  labelOf: (id: string) => string;
  selected?: LineageSelection;
  onSelect: (selection: LineageSelection) => void;
}

/**
 * The lineage drawn as SVG: products by their domain's colour, sources as
 * pills, applications as hexagons; each product a link to its page. Every
 * node and edge is focusable and names itself, and pointing at or focusing
 * one selects it (its details show beside the picture).
 */
export function LineagePicture({ layout, title, root, colours, labelOf, selected, onSelect }: LineagePictureProps) {
  return (
    <svg class="lineage-picture" role="group" aria-label={title} width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
      <defs>
        <marker id="lineage-arrow" class="lineage-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" />
        </marker>
        <marker id="lineage-arrow-flagged" class="lineage-arrow flagged" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" />
        </marker>
      </defs>
      {/* Nodes first, so Tab reaches the products before the edges; edges end at a node's border, so drawing them over it hides nothing. */}
      {inReadingOrder(layout.nodes, (placed) => placed).map((placed) => (
        <NodeShape
          key={placed.node.id}
          placed={placed}
          colour={placed.node.dataProduct ? colours.get(placed.node.dataProduct.domain) : undefined}
          isRoot={placed.node.id === root}
          selected={selected?.kind === 'node' && selected.id === placed.node.id}
          onSelect={() => onSelect({ kind: 'node', id: placed.node.id })}
        />
      ))}
      {inReadingOrder(layout.edges, (placed) => placed.points[0]).map((placed) => (
        <EdgeShape key={placed.key} placed={placed} name={edgeSentence(placed.edge, labelOf)} selected={selected?.kind === 'edge' && selected.key === placed.key} onSelect={() => onSelect({ kind: 'edge', key: placed.key })} />
      ))}
    </svg>
  );
}

/** Left to right, then top to bottom: the order Tab follows. */
function inReadingOrder<T>(items: readonly T[], at: (item: T) => { x: number; y: number } | undefined): T[] {
  const x = (item: T) => at(item)?.x ?? 0;
  const y = (item: T) => at(item)?.y ?? 0;
  return [...items].sort((a, b) => x(a) - x(b) || y(a) - y(b));
}

function EdgeShape({ placed, name, selected, onSelect }: { placed: PlacedEdge; name: string; selected: boolean; onSelect: () => void }) {
  const { edge, points, label } = placed;
  const flagged = edge.undeclared || edge.withoutAgreement;
  const mark = observedMarkAt(points, label !== undefined);
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
  return (
    <g
      class={`lineage-edge line-${edgeLine(edge)}${flagged ? ' flagged' : ''}${selected ? ' selected' : ''}`}
      data-from={edge.from}
      data-to={edge.to}
      data-via={edge.via}
      tabIndex={0}
      role="img"
      aria-label={name}
      onMouseEnter={onSelect}
      onFocus={onSelect}
    >
      {/* A wide transparent stroke: an edge is easy to point at. */}
      <path class="hit" d={d} />
      <path class="line" d={d} marker-end={`url(#${flagged ? 'lineage-arrow-flagged' : 'lineage-arrow'})`} />
      {edge.observed && mark && <circle class="observed-mark" cx={mark.x} cy={mark.y} r={4} />}
      {label && (
        <text class="flag-label" x={label.x} y={label.y + 4} text-anchor="middle">
          {label.text}
        </text>
      )}
    </g>
  );
}

/** Where an observed edge's dot goes: its middle point, or, when its flag's label sits there, halfway to it. */
function observedMarkAt(points: readonly { x: number; y: number }[], labelled: boolean): { x: number; y: number } | undefined {
  const middle = Math.floor(points.length / 2);
  const at = points[middle];
  const before = points[middle - 1];
  if (!labelled || !at || !before) return at;
  return { x: (at.x + before.x) / 2, y: (at.y + before.y) / 2 };
}

interface NodeShapeProps {
  placed: PlacedNode;
  colour: string | undefined;
  isRoot: boolean;
  selected: boolean;
  onSelect: () => void;
}

function NodeShape({ placed, colour, isRoot, selected, onSelect }: NodeShapeProps) {
  const { route } = useLocation();
  const { node } = placed;
  const [first, second] = nodeLines(node);
  const className = `lineage-node kind-${node.kind}${isRoot ? ' root' : ''}${selected ? ' selected' : ''}`;
  // One text, its two lines apart by a space: what a screen reader and the link's name read is what shows.
  const body = (
    <>
      <Outline placed={placed} colour={colour} />
      <text x={placed.x} y={placed.y - 3} text-anchor="middle">
        <tspan class="node-label">{first}</tspan>{' '}
        <tspan class="node-kind" x={placed.x} y={placed.y + 13}>
          {second}
        </tspan>
      </text>
    </>
  );
  // Begins with the text shown (WCAG 2.5.3, label in name).
  const name = `${first}, ${second}${isRoot ? ', this product' : ''}`;
  if (node.kind === 'dataProduct' && node.dataProduct) {
    const href = productPath(node.dataProduct.urn);
    return (
      <a
        href={href}
        class={className}
        data-id={node.id}
        aria-label={`${name}: data product, open its page`}
        onMouseEnter={onSelect}
        onFocus={onSelect}
        // preact-iso routes the app's HTML links only: an SVG link would load the whole app again.
        onClick={(event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          route(href);
        }}
      >
        {body}
      </a>
    );
  }
  return (
    <g class={className} data-id={node.id} tabIndex={0} role="img" aria-label={name} onMouseEnter={onSelect} onFocus={onSelect}>
      {body}
    </g>
  );
}

/** A product a rounded box tinted by its domain, a source a pill, an application a hexagon. */
function Outline({ placed: { node, x, y, width, height }, colour }: { placed: PlacedNode; colour: string | undefined }) {
  const left = x - width / 2;
  const top = y - height / 2;
  switch (node.kind) {
    case 'dataProduct':
      return <rect class="outline" x={left} y={top} width={width} height={height} rx={6} {...(colour ? { stroke: colour, fill: colour } : {})} />;
    case 'source':
      return <rect class="outline" x={left} y={top} width={width} height={height} rx={height / 2} />;
    case 'application': {
      const inset = 12;
      const points = [
        [left, y],
        [left + inset, top],
        [left + width - inset, top],
        [left + width, y],
        [left + width - inset, top + height],
        [left + inset, top + height],
      ];
      return <polygon class="outline" points={points.map((p) => p.join(',')).join(' ')} />;
    }
    default: {
      const unexpected: never = node.kind;
      return unexpected;
    }
  }
}
