import type { Operation, SelectionSet } from '@apollo/federation-internals';
import type { FetchNode, PlanNode, QueryPlan } from '@apollo/query-planner';
import { GraphQLError, Kind, parse, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../../../server/index.ts';

/** The code of the error of an operation no subgraph can answer. */
export const QUERY_PLANNING_FAILED = ErrorCode.QUERY_PLANNING_FAILED;

/**
 * One error for each root field of the operation that no fetch of the plan
 * gets; none when the plan answers every root field. With errors, the
 * executor must fetch nothing and answer `{ data: null, errors }` (HTTP 200):
 * the operation cannot be executed, as when planning fails.
 *
 * Apollo's planner ends a branch "with no possible results" when a field's
 * type has no object type a subgraph can return with the selection asked
 * (`handleOpenBranch` of @apollo/query-planner's `QueryPlanningTraversal`,
 * after `advanceSimultaneousPathsWithOperation` gave no option): `Node` in
 * `{ a { field } }`, which no type implements and whose `field` only a
 * non-resolvable `@interfaceObject` has. Nothing is fetched, the plan is
 * empty, and Apollo's executor answers `{ a: null }` with no error, as if
 * the subgraph had returned null. Fields under `@skip` or `@include` are not
 * checked: the planner leaves out those whose condition is false.
 */
export function unplannedRootFields(plan: QueryPlan, operation: Operation): GraphQLError[] {
  if (operation.rootKind === 'subscription') return [];
  const fetched = new Set<string>();
  if (plan.node && plan.node.kind !== 'Subscription') collectRootResponseNames(plan.node, fetched);
  const errors: GraphQLError[] = [];
  for (const { responseName, name, typeName } of unconditionalRootFields(operation.expandAllFragments().selectionSet)) {
    if (name.startsWith('__') || fetched.has(responseName)) continue;
    errors.push(
      new GraphQLError(`Cannot resolve field "${operation.selectionSet.parentType.name}.${name}": no subgraph returns an object of type "${typeName}" with the fields selected.`, {
        path: [responseName],
        extensions: { code: QUERY_PLANNING_FAILED },
      }),
    );
  }
  return errors;
}

function* unconditionalRootFields(selectionSet: SelectionSet): Generator<{ responseName: string; name: string; typeName: string }> {
  for (const selection of selectionSet.selections()) {
    if (selection.element.appliedDirectives.some((directive) => directive.name === 'skip' || directive.name === 'include')) continue;
    if (selection.kind === 'FieldSelection') {
      yield { responseName: selection.element.responseName(), name: selection.element.name, typeName: selection.element.baseType().name };
    } else if (selection.selectionSet) {
      yield* unconditionalRootFields(selection.selectionSet);
    }
  }
}

/** The response names of the root fields the plan's root fetches get: those outside any `Flatten`. */
function collectRootResponseNames(node: PlanNode, names: Set<string>): void {
  switch (node.kind) {
    case 'Fetch':
      if (!node.requires) for (const name of topLevelResponseNames(node)) names.add(name);
      return;
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) collectRootResponseNames(child, names);
      return;
    case 'Condition':
      if (node.ifClause) collectRootResponseNames(node.ifClause, names);
      if (node.elseClause) collectRootResponseNames(node.elseClause, names);
      return;
    case 'Defer':
      if (node.primary.node) collectRootResponseNames(node.primary.node, names);
      return;
    case 'Flatten':
      return;
  }
}

function topLevelResponseNames(fetch: FetchNode): string[] {
  const document = fetch.operationDocumentNode ?? parse(fetch.operation, { noLocation: true });
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const names: string[] = [];
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push((selection.alias ?? selection.name).value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment);
      }
    }
  };
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) walk(definition.selectionSet);
  // The planner aliases root fields that cannot merge and renames them back (`outputRewrites`).
  for (const rewrite of fetch.outputRewrites ?? []) if (rewrite.kind === 'KeyRenamer' && rewrite.path.length === 1) names.push(rewrite.renameKeyTo);
  return names;
}
