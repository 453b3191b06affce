import { isAbstractType, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type FieldNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { RowRule } from '../policy/index.ts';
import { ROW_KEY_PREFIX } from './rowRestriction.ts';

const field = (name: string, alias?: string): FieldNode => ({
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: name },
  ...(alias ? { alias: { kind: Kind.NAME, value: alias } } : {}),
});

/**
 * The document the gateway runs when it must mask the result: the client's,
 * without the fields the caller may not read in any row (`pruned`
 * coordinates: nothing is fetched that would not be served), plus
 * `__typename` wherever the type is abstract (masking needs each object's
 * type) and, in each selection of a row rule's type, the rule's field under a
 * key of the gateway's own. The client gets exactly what its own document
 * asks for: the result is shaped by that one.
 */
export function prepareForMasking(document: DocumentNode, schema: GraphQLSchema, rowRules: readonly RowRule[], pruned: ReadonlySet<string>): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const isPruned = (node: FieldNode) => {
    const parent = typeInfo.getParentType();
    if (!parent || node.name.value.startsWith('__')) return false;
    const types = isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent];
    return types.every((type) => pruned.has(`${type.name}.${node.name.value}`));
  };
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: (node: FieldNode) => (pruned.size > 0 && isPruned(node) ? null : undefined),
      SelectionSet: {
        leave(node: SelectionSetNode): SelectionSetNode | undefined {
          const parent = typeInfo.getParentType();
          if (!parent) return undefined;
          const added: FieldNode[] = [];
          // An object's selection left empty by pruning still needs a field.
          if (isAbstractType(parent) || node.selections.length === 0) added.push(field('__typename'));
          for (const rule of rowRules) if (rule.type === parent.name) added.push(field(rule.field, ROW_KEY_PREFIX + rule.field));
          return added.length > 0 ? { ...node, selections: [...node.selections, ...added] } : undefined;
        },
      },
    }),
  );
}
