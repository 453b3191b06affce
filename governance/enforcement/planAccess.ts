import { isAbstractType, isObjectType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { AccessPath } from '../AccessDecision.ts';
import type { RowRule } from '../policy/index.ts';
import { decideField, type Restriction } from './decideField.ts';
import type { FieldRules } from './FieldRule.ts';
import type { Rights } from './Rights.ts';
import { rowRulesFor } from './rowRestriction.ts';

/** What one data product gave an operation, as the audit records it. */
export interface ProductAccess {
  fields: string[];
  restricted: { field: string; decision: Restriction['decision']; rule: string }[];
}

/** What the policy decides for one operation and one caller, before anything is fetched. */
export interface AccessPlan {
  /** Whether the result must be masked: a field is restricted, or a row rule may restrict some rows. */
  masks: boolean;
  /** Fields the caller may read in no row and gets no pseudonym of: the gateway does not fetch them. */
  pruned: Set<string>;
  /** Fields the caller may read, but a row rule may mask in some rows: only the result tells whether one did. */
  rowRuled: Set<string>;
  /** Per data product touched: the fields asked for and those restricted. */
  products: Map<string, ProductAccess>;
  /** `entity` when the operation reads `entity(urn)`, `subscription` for a subscription, else `query`. */
  path: AccessPath;
  /** A subscription's root field the caller may not read: the subscription is refused rather than sending it nulls. */
  refused?: { field: string; restriction: Restriction };
}

/**
 * Decides, from the document alone, which fields the caller may not read and
 * which data products the operation touches. Fields on an interface count
 * with every object type that implements it.
 */
export function planAccess(schema: GraphQLSchema, document: DocumentNode, rules: FieldRules, rowRules: readonly RowRule[], rights: Rights): AccessPlan {
  const products = new Map<string, ProductAccess>();
  let masks = false;
  const pruned = new Set<string>();
  const rowRuled = new Set<string>();
  let path: AccessPath = 'query';
  let refused: AccessPlan['refused'];
  const typeInfo = new TypeInfo(schema);
  const seen = new Set<string>();
  const consider = (typeName: string, fieldName: string) => {
    const coordinate = `${typeName}.${fieldName}`;
    if (seen.has(coordinate)) return;
    seen.add(coordinate);
    const rule = rules.get(coordinate);
    const restriction = decideField(rule, rights);
    const rowRestricted = rule && rowRulesFor(typeName, rule.classifications, rights).length > 0;
    if (restriction || rowRestricted) masks = true;
    if (!restriction && rowRestricted) rowRuled.add(coordinate);
    if (restriction && !restriction.pseudonymise) pruned.add(coordinate);
    if (restriction && typeName === schema.getSubscriptionType()?.name) refused ??= { field: coordinate, restriction };
    for (const { product } of rule?.classifications ?? []) {
      const access = products.get(product) ?? { fields: [], restricted: [] };
      access.fields.push(coordinate);
      if (restriction) access.restricted.push({ field: coordinate, decision: restriction.decision, rule: restriction.rule });
      products.set(product, access);
    }
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node: OperationDefinitionNode) {
        if (node.operation === 'subscription') path = 'subscription';
      },
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith('__')) return;
        if (parent === schema.getQueryType() && node.name.value === 'entity' && path === 'query') path = 'entity';
        const types = isAbstractType(parent) ? schema.getPossibleTypes(parent) : isObjectType(parent) ? [parent] : [];
        for (const type of types) consider(type.name, node.name.value);
      },
    }),
  );
  return { masks, pruned, rowRuled, products, path, ...(refused ? { refused } : {}) };
}
