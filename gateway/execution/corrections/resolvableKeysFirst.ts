import { Kind, parse, print, visit, type ConstDirectiveNode } from 'graphql';

/**
 * The supergraph with each type's non-resolvable keys (`@join__type(…,
 * resolvable: false)`) after its resolvable ones, for the query planner.
 *
 * After a `@requires`, Apollo's planner goes back to the subgraph by the first
 * of the type's keys there that selects no external field
 * (`getLocallySatisfiableKey` of @apollo/query-graphs, called by
 * `inputsForRequire` of @apollo/query-planner), whether or not that key is
 * resolvable: with `A @key(fields: "compositeId { one two }", resolvable: false)
 * @key(fields: "id compositeId { two three }")` it sends representations the
 * subgraph cannot resolve, gets null entities, and a non-null field such as
 * `A.nameInB` comes back null. With the resolvable keys first it takes one the
 * subgraph resolves, and fetches its fields beforehand as for any key. Only
 * the order of directives changes: the API schema and every other plan stay
 * the same. Run once per supergraph, before `Supergraph.build`.
 */
export function resolvableKeysFirst(supergraphSdl: string): string {
  let moved = false;
  const reorder = (directives: readonly ConstDirectiveNode[] | undefined) => {
    if (!directives?.some(isNonResolvableKey)) return directives;
    const sorted = [...directives.filter((d) => !isNonResolvableKey(d)), ...directives.filter(isNonResolvableKey)];
    if (sorted.some((directive, index) => directive !== directives[index])) moved = true;
    return sorted;
  };
  const document = visit(parse(supergraphSdl), {
    [Kind.OBJECT_TYPE_DEFINITION]: (node) => ({ ...node, directives: reorder(node.directives) }),
    [Kind.OBJECT_TYPE_EXTENSION]: (node) => ({ ...node, directives: reorder(node.directives) }),
    [Kind.INTERFACE_TYPE_DEFINITION]: (node) => ({ ...node, directives: reorder(node.directives) }),
    [Kind.INTERFACE_TYPE_EXTENSION]: (node) => ({ ...node, directives: reorder(node.directives) }),
  });
  return moved ? print(document) : supergraphSdl;
}

function isNonResolvableKey(directive: ConstDirectiveNode): boolean {
  if (directive.name.value !== 'join__type') return false;
  const resolvable = directive.arguments?.find((argument) => argument.name.value === 'resolvable');
  return resolvable?.value.kind === Kind.BOOLEAN && resolvable.value.value === false;
}
