import type { LineageEdge, LineageNode } from './lineageQueries.ts';

/** How an edge is drawn: solid when declared, dashed when declared but never observed, dotted when only observed. */
export type EdgeLine = 'declared' | 'unobserved' | 'undeclared';

export function edgeLine(edge: Pick<LineageEdge, 'declared' | 'observed'>): EdgeLine {
  if (!edge.declared) return 'undeclared';
  return edge.observed ? 'declared' : 'unobserved';
}

/** What governance would want to hear about an edge: a product using another it declares no port for, an application using a product without an agreement. */
export function edgeFlags(edge: Pick<LineageEdge, 'undeclared' | 'withoutAgreement'>): string[] {
  return [...(edge.undeclared ? ['undeclared use'] : []), ...(edge.withoutAgreement ? ['no agreement'] : [])];
}

/** How the data travels, in words: `data product`, `topic <name>`, `source`, `agreement`, `GraphQL queries`. */
export function viaText(edge: Pick<LineageEdge, 'via' | 'topic'>): string {
  switch (edge.via) {
    case 'dataProduct':
      return 'data product';
    case 'topic':
      return edge.topic ? `topic ${edge.topic}` : 'topic';
    case 'graphql':
      return 'GraphQL queries';
    default:
      return edge.via; // source, agreement, or a way the catalog adds later
  }
}

/** Whether and when the running mesh saw the data flow. */
export function observedText(edge: Pick<LineageEdge, 'observed' | 'lastSeenAt'>): string {
  if (!edge.observed) return 'never observed';
  return edge.lastSeenAt ? `last seen ${new Date(edge.lastSeenAt).toLocaleString()}` : 'observed';
}

/** What a node is, in words. */
export function nodeKindText(node: Pick<LineageNode, 'kind' | 'dataProduct'>): string {
  switch (node.kind) {
    case 'dataProduct':
      return node.dataProduct ? `data product of ${node.dataProduct.domain}` : 'data product the catalog does not hold';
    case 'source':
      return 'operational source';
    case 'application':
      return 'application';
    default: {
      const unexpected: never = node.kind;
      return String(unexpected);
    }
  }
}

/** One sentence for an edge, for its accessible name: `a → b, via topic t, declared, last seen …, flagged: undeclared use`. */
export function edgeSentence(edge: LineageEdge, labelOf: (id: string) => string): string {
  const flags = edgeFlags(edge);
  return [
    `${labelOf(edge.from)} to ${labelOf(edge.to)}`,
    `via ${viaText(edge)}`,
    edge.declared ? 'declared' : 'not declared',
    observedText(edge),
    ...(edge.purpose ? [`purpose ${edge.purpose}`] : []),
    ...(flags.length > 0 ? [`flagged: ${flags.join(', ')}`] : []),
  ].join(', ');
}

/** A product's name over its domain; a source's or application's name over its kind. */
export function nodeLines(node: LineageNode): [string, string] {
  switch (node.kind) {
    case 'dataProduct':
      return node.dataProduct ? [node.label.slice(node.dataProduct.domain.length + 1) || node.label, node.dataProduct.domain] : [node.label, 'not in the catalog'];
    case 'source':
      return [node.label, 'source'];
    case 'application':
      return [node.label, 'application'];
    default: {
      const unexpected: never = node.kind;
      return [String(unexpected), ''];
    }
  }
}
