import { Graph, layout } from '@dagrejs/dagre';
import { edgeFlags } from './describeLineage.ts';
import { edgeKey } from './mergeLineages.ts';
import type { LineageEdge, LineageGraph, LineageNode } from './lineageQueries.ts';

/** A node placed: its centre and size. */
export interface PlacedNode {
  node: LineageNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge routed: the points of its line, and where its flag label goes when it has one. */
export interface PlacedEdge {
  key: string;
  edge: LineageEdge;
  points: { x: number; y: number }[];
  label?: { text: string; x: number; y: number };
}

/** The picture laid out: its size, and every node and edge in place. */
export interface LineageLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Two lines of text: the label, and what kind of node it is. */
export const NODE_HEIGHT = 44;
/** Wide enough for the text at the picture's sizes (system fonts, 13 px), measured as the widest character runs. */
const CHAR_WIDTH = 7.4;
const LABEL_CHAR_WIDTH = 6.6;

/**
 * Lays the lineage out left to right with dagre (upstream on the left), in
 * graph units the SVG draws one to one. Nodes are sized from their text
 * (no DOM to measure in: the layout is pure), edges between the same two
 * nodes (a topic and a port, say) are kept apart, and a flagged edge's label
 * gets room of its own.
 */
export function layoutLineage({ nodes, edges }: LineageGraph, lines: (node: LineageNode) => [string, string]): LineageLayout {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 24, edgesep: 16, ranksep: 90, marginx: 12, marginy: 12 });
  for (const node of nodes) {
    const longest = Math.max(...lines(node).map((line) => line.length));
    graph.setNode(node.id, { width: Math.max(120, Math.ceil(longest * CHAR_WIDTH) + 28), height: NODE_HEIGHT });
  }
  for (const edge of edges) {
    const text = edgeFlags(edge).join(', ');
    graph.setEdge(edge.from, edge.to, text ? { width: Math.ceil(text.length * LABEL_CHAR_WIDTH) + 8, height: 16, labelpos: 'c' } : {}, edgeKey(edge));
  }
  layout(graph);
  const size = graph.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    nodes: nodes.map((node) => {
      const { x = 0, y = 0, width, height } = graph.node(node.id);
      return { node, x, y, width, height };
    }),
    edges: edges.map((edge) => {
      const key = edgeKey(edge);
      const placed = graph.edge({ v: edge.from, w: edge.to, name: key });
      const text = edgeFlags(edge).join(', ');
      return { key, edge, points: placed.points ?? [], ...(text && placed.x !== undefined && placed.y !== undefined ? { label: { text, x: placed.x, y: placed.y } } : {}) };
    }),
  };
}
