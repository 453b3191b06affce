import { Kind, parse, print, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';

/** Where the gateway reads an event's cursor in an upstream event: the root field's alias for `cursor`. */
export const CURSOR_ALIAS = '__meshgraph_cursor';

/**
 * A subgraph subscription operation (the plan's primary fetch) that the
 * gateway can resume: the cursor of each event is selected under an alias of
 * the gateway's own (the client's result never shows it), and `resumeAfter`
 * rewrites the operation to continue right after a cursor.
 */
export interface ResumableOperation {
  /** The operation as first sent upstream. */
  readonly text: string;
  /** Response name of the root field, where events arrive. */
  readonly rootField: string;
  /** Whether the subscription field has `after` and `cursor`: only then can it resume with no gap. */
  readonly resumable: boolean;
  /** The same operation, continuing right after `cursor`. */
  resumeAfter(cursor: string): string;
  /** Whether, with these variables, it starts at a cursor (`after`) rather than with live events. */
  startsAfter(variables: Record<string, unknown>): boolean;
  /** The cursor an upstream event carries, if any. */
  cursorOf(data: Record<string, unknown> | null | undefined): string | undefined;
}

function rootFieldOf(document: DocumentNode): FieldNode {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const field = operation?.selectionSet.selections[0];
  if (!field || field.kind !== Kind.FIELD) throw new Error('A subscription plan\'s primary fetch must select one root field.');
  return field;
}

/** Rewrites the root field of a one-field subscription document. */
function withRootField(document: DocumentNode, rewrite: (field: FieldNode) => FieldNode): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((definition) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION) return definition;
      const [field, ...others] = definition.selectionSet.selections;
      return { ...definition, selectionSet: { ...definition.selectionSet, selections: [rewrite(field as FieldNode), ...others] } };
    }),
  };
}

/** Drops variable definitions nothing uses any more (a validation error otherwise). */
function withoutUnusedVariables(document: DocumentNode): DocumentNode {
  const used = new Set<string>();
  visit(document, { VariableDefinition: () => false, Variable: (node) => void used.add(node.name.value) });
  return visit(document, { VariableDefinition: (node) => (used.has(node.variable.name.value) ? undefined : null) });
}

const field = (name: string, alias?: string): FieldNode => ({
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: name },
  ...(alias ? { alias: { kind: Kind.NAME, value: alias } } : {}),
});

/**
 * Prepares a primary fetch's operation. `resumable` says whether the
 * subscription field (on the supergraph) accepts `after` and returns a `cursor`.
 */
export function createResumableOperation(operation: string, resumable: boolean): ResumableOperation {
  const parsed = parse(operation);
  const root = rootFieldOf(parsed);
  const withCursor = resumable
    ? withRootField(parsed, (f) => ({
        ...f,
        selectionSet: { kind: Kind.SELECTION_SET, selections: [...(f.selectionSet?.selections ?? []), field('cursor', CURSOR_ALIAS)] },
      }))
    : parsed;
  const rootField = root.alias?.value ?? root.name.value;
  return {
    text: print(withCursor),
    rootField,
    resumable,
    resumeAfter(cursor) {
      if (!resumable) return print(withCursor);
      const resumed = withRootField(withCursor, (f) => ({
        ...f,
        arguments: [
          ...(f.arguments ?? []).filter((a) => a.name.value !== 'after'),
          { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: { kind: Kind.STRING, value: cursor } },
        ],
      }));
      return print(withoutUnusedVariables(resumed));
    },
    startsAfter(variables) {
      const after = root.arguments?.find((a) => a.name.value === 'after')?.value;
      if (after?.kind === Kind.STRING) return true;
      return after?.kind === Kind.VARIABLE && variables[after.name.value] != null;
    },
    cursorOf(data) {
      const event = data?.[rootField] as Record<string, unknown> | null | undefined;
      const cursor = event?.[CURSOR_ALIAS];
      return typeof cursor === 'string' ? cursor : undefined;
    },
  };
}
