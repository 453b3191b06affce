import type { LineageEdge, LineageGraph } from './lineageQueries.ts';

/** What tells one edge from another, as the catalog does: its ends, how data travels, and the topic. */
export const edgeKey = (edge: Pick<LineageEdge, 'from' | 'to' | 'via' | 'topic'>) => JSON.stringify([edge.from, edge.to, edge.via, edge.topic ?? null]);

/**
 * One graph of several lineages (every product's, for the whole mesh): each
 * node and edge once, nodes sorted by id and edges by from, to, via and topic,
 * as the catalog sorts one lineage. The lineages are one answer's, so an edge
 * two of them share is the same in both.
 */
export function mergeLineages(lineages: readonly LineageGraph[]): LineageGraph {
  const nodes = new Map(lineages.flatMap((lineage) => lineage.nodes.map((node) => [node.id, node] as const)));
  const edges = new Map(lineages.flatMap((lineage) => lineage.edges.map((edge) => [edgeKey(edge), edge] as const)));
  return {
    nodes: [...nodes.values()].sort((a, b) => byText(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to) || byText(a.via, b.via) || byText(a.topic ?? '', b.topic ?? '')),
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
