import { parseFieldSetArgument, type FieldDefinition, type CompositeType, type SelectionSet, type Supergraph } from '@apollo/federation-internals';

/** One `@requires` of a subgraph: the field that requires, and what it requires, arguments included. */
export interface Requirement {
  subgraph: string;
  typeName: string;
  fieldName: string;
  /** The `fields` of `@requires`, on the subgraph's type. */
  selectionSet: SelectionSet;
}

const cache = new WeakMap<Supergraph, readonly Requirement[]>();

/**
 * Every `@requires` of the supergraph's subgraphs, read once per supergraph.
 * The query plan's `requires` keep no arguments (a `QueryPlanFieldNode` has
 * none), so the corrections read them here.
 */
export function requirementsOf(supergraph: Supergraph): readonly Requirement[] {
  const cached = cache.get(supergraph);
  if (cached) return cached;
  const requirements: Requirement[] = [];
  for (const subgraph of supergraph.subgraphs()) {
    for (const application of subgraph.metadata().requiresDirective().applications()) {
      const field = application.parent as FieldDefinition<CompositeType>;
      requirements.push({
        subgraph: subgraph.name,
        typeName: field.parent.name,
        fieldName: field.name,
        selectionSet: parseFieldSetArgument({ parentType: field.parent, directive: application }),
      });
    }
  }
  cache.set(supergraph, requirements);
  return requirements;
}

/** The requirement of `typeName.fieldName` in `subgraph`, if that field has a `@requires`. */
export function requirementOf(supergraph: Supergraph, subgraph: string, typeName: string, fieldName: string): Requirement | undefined {
  return requirementsOf(supergraph).find((r) => r.subgraph === subgraph && r.typeName === typeName && r.fieldName === fieldName);
}
