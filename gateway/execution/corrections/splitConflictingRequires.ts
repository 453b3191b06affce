import type { Supergraph } from '@apollo/federation-internals';
import type { FetchNode, PlanNode, QueryPlan, QueryPlanSelectionNode } from '@apollo/query-planner';
import { Kind, parse, print, visit, type DocumentNode, type FieldNode, type InlineFragmentNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import { requirementOf } from './requirementsOf.ts';

/** What the plan corrections read besides the plan. */
export interface PlanCorrectionContext {
  /** The supergraph the plan was built for. */
  supergraph: Supergraph;
}

type Path = readonly (string | number)[];

/** A fetch of the plan and where in the response it reads and writes. */
interface PlacedFetch {
  fetch: FetchNode;
  path: Path;
}

/**
 * Splits each entity fetch whose fields `@requires` one field with different
 * arguments (`shippingEstimate` requires `price(currency: "USD")`,
 * `shippingEstimateEUR` requires `price(currency: "EUR")`) into one fetch per
 * set of requirements that agree, each sending its own value.
 *
 * Apollo's planner merges the requirements by response name (`Field.key()` of
 * @apollo/federation-internals), so it fetches `price` once, with the
 * arguments of one requirement, and sends that value to both fields; and one
 * representation cannot carry two `price`s anyway. Here the fetch that gets
 * `price` also gets the other one under a generated alias, and the split
 * fetches' `requires` name it: a `requires` field with an `alias` means "read
 * the entity's `alias`, send it as `name`" (Apollo's plans never alias a
 * `requires` field, as `@requires` and `@key` cannot hold aliases).
 *
 * Corrects what it can prove: a requirement whose other value the fetch that
 * provides the first can also provide (its sub-selection served there), on
 * fetches without named fragments. Any other plan is returned as it is.
 */
export function splitConflictingRequires(plan: QueryPlan, context: PlanCorrectionContext): QueryPlan {
  if (!plan.node || plan.node.kind === 'Subscription') return plan;
  const placed: PlacedFetch[] = [];
  collectFetches(plan.node, [], placed);
  // Each fetch's document, parsed once, as this correction edits it; and which were edited.
  const documents = new Map<FetchNode, DocumentNode>();
  const edited = new Set<FetchNode>();
  const splits = new Map<FetchNode, FetchNode[]>();
  let aliasCount = 0;
  for (const [index, { fetch, path }] of placed.entries()) {
    if (!fetch.requires) continue;
    const document = documentOf(fetch, documents);
    const groups = groupByAgreement(context.supergraph, fetch.serviceName, entitySelections(document));
    if (!groups || groups.length < 2) continue;
    // Only conflicts of fields the requirements select first, with arguments, are corrected; deeper ones are left as they are.
    if (!groups.every((group, i) => groups.slice(i + 1).every((other) => disagreeAtTop(group, other)))) continue;
    const earlier = placed.slice(0, index);
    // First what to alias where, then the edits: a plan this cannot correct is left untouched.
    const planned: { group: number; typeName: string; field: FieldNode; provider: Provider }[] = [];
    const provable = groups.every((group, groupIndex) =>
      [...group.requirements].every(([typeName, requirement]) =>
        fieldsOf(requirement)
          .filter((field) => field.arguments?.length)
          .every((field) => {
            const provider = findProvider(earlier, path, typeName, field.name.value, documents);
            if (!provider) return false;
            if (sameArguments(provider.field, field)) return true;
            planned.push({ group: groupIndex, typeName, field, provider });
            return covers(provider.field.selectionSet, field.selectionSet);
          }),
      ),
    );
    if (!provable) continue;
    const aliasesByGroup = groups.map(() => new Map<string, Map<string, string>>());
    for (const { group, typeName, field, provider } of planned) {
      const alias = `_mg_required${aliasCount++}_${field.name.value}`;
      // The provider's document is this correction's own copy (`documentOf`): edited in place.
      (provider.siblings.selections as SelectionNode[]).push({ ...field, alias: { kind: Kind.NAME, value: alias } });
      edited.add(provider.fetch);
      const byField = aliasesByGroup[group]!.get(typeName) ?? new Map<string, string>();
      aliasesByGroup[group]!.set(typeName, byField.set(field.name.value, alias));
    }
    splits.set(
      fetch,
      groups.map((group, groupIndex) => fetchFor(fetch, document, group.fields, aliasesByGroup[groupIndex]!)),
    );
  }
  if (splits.size === 0) return plan;
  return { ...plan, node: rebuild(plan.node, (fetch) => (edited.has(fetch) ? documents.get(fetch) : undefined), splits) };
}

/** The fields of an `_entities` selection, by the entity type of their fragment. */
type EntitySelections = Map<string, FieldNode[]>;

interface Group {
  /** The fields the group's fetch selects, by entity type. */
  fields: EntitySelections;
  /** The merged requirements of those fields, by entity type. */
  requirements: Map<string, SelectionSetNode>;
}

/** Groups the fetch's fields so that the requirements within a group agree; undefined when the fetch is not one this correction reads. */
function groupByAgreement(supergraph: Supergraph, subgraph: string, selections: EntitySelections | undefined): Group[] | undefined {
  if (!selections) return undefined;
  const groups: Group[] = [];
  for (const [typeName, fields] of selections) {
    for (const field of fields) {
      const requirement = requirementOf(supergraph, subgraph, typeName, field.name.value);
      const required = requirement?.selectionSet.toSelectionSetNode();
      let group = groups.find((candidate) => !required || agree(candidate.requirements.get(typeName), required));
      if (!group) groups.push((group = { fields: new Map(), requirements: new Map() }));
      group.fields.set(typeName, [...(group.fields.get(typeName) ?? []), field]);
      if (required) group.requirements.set(typeName, mergeSelectionSets(group.requirements.get(typeName), required));
    }
  }
  return groups;
}

/** Whether two requirements select no field twice with different arguments, at any depth. */
function agree(a: SelectionSetNode | undefined, b: SelectionSetNode): boolean {
  if (!a) return true;
  for (const field of fieldsOf(b)) {
    const same = fieldsOf(a).find((other) => other.name.value === field.name.value);
    if (!same) continue;
    if (!sameArguments(same, field)) return false;
    if (same.selectionSet && field.selectionSet && !agree(same.selectionSet, field.selectionSet)) return false;
  }
  return true;
}

/** Whether two groups' requirements select some field with different arguments at their first level, for some type. */
function disagreeAtTop(a: Group, b: Group): boolean {
  return [...a.requirements].some(([typeName, required]) => {
    const other = b.requirements.get(typeName);
    return other !== undefined && fieldsOf(required).some((field) => fieldsOf(other).some((o) => o.name.value === field.name.value && !sameArguments(o, field)));
  });
}

function mergeSelectionSets(a: SelectionSetNode | undefined, b: SelectionSetNode): SelectionSetNode {
  if (!a) return b;
  const selections = [...fieldsOf(a)];
  for (const field of fieldsOf(b)) {
    const index = selections.findIndex((other) => other.name.value === field.name.value);
    if (index < 0) selections.push(field);
    else if (field.selectionSet) selections[index] = { ...selections[index]!, selectionSet: mergeSelectionSets(selections[index]!.selectionSet, field.selectionSet) };
  }
  return { kind: Kind.SELECTION_SET, selections };
}

/** The fields of a selection set, inline fragments flattened. */
function fieldsOf(selectionSet: SelectionSetNode): FieldNode[] {
  return selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection] : selection.kind === Kind.INLINE_FRAGMENT ? fieldsOf(selection.selectionSet) : [],
  );
}

const argumentsOf = (field: FieldNode) => (field.arguments ?? []).map((argument) => print(argument)).sort().join(',');
const sameArguments = (a: FieldNode, b: FieldNode) => argumentsOf(a) === argumentsOf(b);

/** Whether `provided` selects every field `wanted` does, by name, at any depth: the provider's subgraph serves them. */
function covers(provided: SelectionSetNode | undefined, wanted: SelectionSetNode | undefined): boolean {
  if (!wanted) return true;
  if (!provided) return false;
  return fieldsOf(wanted).every((field) => {
    const same = fieldsOf(provided).find((other) => other.name.value === field.name.value && !other.alias);
    return same !== undefined && covers(same.selectionSet, field.selectionSet);
  });
}

/** A fetch's document: a copy of its own, parsed once, that this correction may edit in place. */
function documentOf(fetch: FetchNode, documents: Map<FetchNode, DocumentNode>): DocumentNode {
  let document = documents.get(fetch);
  if (!document) documents.set(fetch, (document = parse(fetch.operationDocumentNode ? print(fetch.operationDocumentNode) : fetch.operation, { noLocation: true })));
  return document;
}

/** The `_entities` selection of an entity fetch's document, by entity type; undefined with named fragments or fields outside a type condition. */
function entitySelections(document: DocumentNode): EntitySelections | undefined {
  if (document.definitions.some((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)) return undefined;
  const entities = entitiesField(document);
  if (!entities?.selectionSet) return undefined;
  const selections: EntitySelections = new Map();
  for (const selection of entities.selectionSet.selections) {
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition) return undefined;
    const fields = selection.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value !== '__typename');
    const typeName = selection.typeCondition.name.value;
    selections.set(typeName, [...(selections.get(typeName) ?? []), ...fields]);
  }
  return selections;
}

function entitiesField(document: DocumentNode): FieldNode | undefined {
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operation?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === '_entities');
}

interface Provider {
  fetch: FetchNode;
  /** The fetched field, unaliased, that a requirement of the same name reads. */
  field: FieldNode;
  /** The selection set holding it, where an aliased copy goes. */
  siblings: SelectionSetNode;
}

/** The earlier fetch that gets `fieldName` of the entities at `path`, unaliased, if exactly where the requirement reads it. */
function findProvider(earlier: readonly PlacedFetch[], path: Path, typeName: string, fieldName: string, documents: Map<FetchNode, DocumentNode>): Provider | undefined {
  for (const { fetch, path: fetchPath } of [...earlier].reverse()) {
    if (fetchPath.length > path.length || fetchPath.some((segment, index) => segment !== path[index])) continue;
    const document = documentOf(fetch, documents);
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (!operation || document.definitions.some((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)) continue;
    let sets: SelectionSetNode[] = fetch.requires ? [entitiesField(document)?.selectionSet].filter((s): s is SelectionSetNode => s !== undefined) : [operation.selectionSet];
    for (const segment of path.slice(fetchPath.length)) {
      if (segment === '@') continue;
      sets = sets.flatMap((set) => fieldsIn(set, typeName).filter((field) => (field.alias ?? field.name).value === segment && field.selectionSet).map((field) => field.selectionSet!));
    }
    for (const siblings of sets.flatMap((set) => setsIn(set, typeName))) {
      const field = siblings.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && !s.alias && s.name.value === fieldName);
      if (field) return { fetch, field, siblings };
    }
  }
  return undefined;
}

/** A selection set and those of its inline fragments that may apply to `typeName`. */
function setsIn(set: SelectionSetNode, typeName: string): SelectionSetNode[] {
  return [
    set,
    ...set.selections
      .filter((s): s is InlineFragmentNode => s.kind === Kind.INLINE_FRAGMENT && (!s.typeCondition || s.typeCondition.name.value === typeName))
      .flatMap((fragment) => setsIn(fragment.selectionSet, typeName)),
  ];
}

const fieldsIn = (set: SelectionSetNode, typeName: string) => setsIn(set, typeName).flatMap((s) => s.selections.filter((f): f is FieldNode => f.kind === Kind.FIELD));

/** One fetch of a split: the original with only `fields` selected, and `requires` reading the group's aliases. */
function fetchFor(fetch: FetchNode, document: DocumentNode, fields: EntitySelections, aliases: ReadonlyMap<string, ReadonlyMap<string, string>>): FetchNode {
  const kept = new Set([...fields.values()].flat());
  const narrowed = visit(document, {
    [Kind.FIELD]: (node) => {
      if (node.name.value !== '_entities' || !node.selectionSet) return undefined;
      // Each type's fragment keeps the group's fields only (and what is not a requiring field, as `__typename`).
      const selections = node.selectionSet.selections
        .map((fragment) => {
          if (fragment.kind !== Kind.INLINE_FRAGMENT) return fragment;
          const own = fragment.selectionSet.selections.filter((s) => s.kind !== Kind.FIELD || s.name.value === '__typename' || kept.has(s));
          return own.some((s) => s.kind === Kind.FIELD && kept.has(s)) ? { ...fragment, selectionSet: { ...fragment.selectionSet, selections: own } } : undefined;
        })
        .filter((fragment) => fragment !== undefined);
      return { ...node, selectionSet: { ...node.selectionSet, selections } };
    },
  });
  const used = new Set<string>();
  visit(narrowed.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!.selectionSet, { [Kind.VARIABLE]: (node) => void used.add(node.name.value) });
  const withUsedVariables = visit(narrowed, {
    [Kind.VARIABLE_DEFINITION]: (node) => (used.has(node.variable.name.value) ? undefined : null),
  });
  return {
    ...fetch,
    operation: print(withUsedVariables),
    operationDocumentNode: withUsedVariables,
    variableUsages: fetch.variableUsages?.filter((name) => used.has(name)),
    requires: fetch.requires!.map((selection) => aliasRequires(selection, aliases)),
  };
}

/** A `requires` fragment with the group's aliases on the fields it reads under one. */
function aliasRequires(selection: QueryPlanSelectionNode, aliases: ReadonlyMap<string, ReadonlyMap<string, string>>): QueryPlanSelectionNode {
  if (selection.kind !== 'InlineFragment') return selection;
  const byField = selection.typeCondition ? aliases.get(selection.typeCondition) : undefined;
  if (!byField?.size) return selection;
  return {
    ...selection,
    selections: selection.selections.map((field) => (field.kind === 'Field' && byField.has(field.name) ? { ...field, alias: byField.get(field.name)! } : field)),
  };
}

function collectFetches(node: PlanNode, path: Path, placed: PlacedFetch[]): void {
  switch (node.kind) {
    case 'Fetch':
      placed.push({ fetch: node, path });
      return;
    case 'Flatten':
      collectFetches(node.node, [...path, ...node.path], placed);
      return;
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) collectFetches(child, path, placed);
      return;
    case 'Condition':
      if (node.ifClause) collectFetches(node.ifClause, path, placed);
      if (node.elseClause) collectFetches(node.elseClause, path, placed);
      return;
    case 'Defer':
      // Not planned: the gateway refuses @defer.
      return;
  }
}

/** The plan with the providers' edited documents and each split fetch replaced by its parts, run in parallel. */
function rebuild(node: PlanNode, editedDocument: (fetch: FetchNode) => DocumentNode | undefined, splits: ReadonlyMap<FetchNode, FetchNode[]>): PlanNode {
  switch (node.kind) {
    case 'Fetch': {
      const parts = splits.get(node);
      if (parts) return { kind: 'Parallel', nodes: parts };
      const document = editedDocument(node);
      return document ? { ...node, operation: print(document), operationDocumentNode: document } : node;
    }
    case 'Flatten': {
      const parts = node.node.kind === 'Fetch' ? splits.get(node.node) : undefined;
      if (parts) return { kind: 'Parallel', nodes: parts.map((part) => ({ ...node, node: part })) };
      return { ...node, node: rebuild(node.node, editedDocument, splits) };
    }
    case 'Sequence':
    case 'Parallel':
      return { ...node, nodes: node.nodes.map((child) => rebuild(child, editedDocument, splits)) };
    case 'Condition':
      return {
        ...node,
        ...(node.ifClause ? { ifClause: rebuild(node.ifClause, editedDocument, splits) } : {}),
        ...(node.elseClause ? { elseClause: rebuild(node.elseClause, editedDocument, splits) } : {}),
      };
    case 'Defer':
      return node;
  }
}
