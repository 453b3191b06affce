import type { DocumentNode } from 'graphql';

/**
 * What is worked out from a parsed document on one schema and set of cost
 * weights, kept per document (and per key within it: an operation name) for
 * as long as the document lives, and worked out again once the schema or
 * the weights are others.
 */
export function memoPerDocument<T>(): (document: DocumentNode, on: { schema: unknown; costDirectives: unknown }, key: string, compute: () => T) => T {
  const kept = new WeakMap<DocumentNode, { schema: unknown; costDirectives: unknown; byKey: Map<string, T> }>();
  return (document, { schema, costDirectives }, key, compute) => {
    let known = kept.get(document);
    if (!known || known.schema !== schema || known.costDirectives !== costDirectives) {
      known = { schema, costDirectives, byKey: new Map() };
      kept.set(document, known);
    }
    let value = known.byKey.get(key);
    if (value === undefined) known.byKey.set(key, (value = compute()));
    return value;
  };
}
