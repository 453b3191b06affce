import { buildASTSchema, parse, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { AccessPath, AccessRecord } from '../AccessDecision.ts';
import type { Consumer } from '../Consumer.ts';
import type { Governance } from '../Governance.ts';
import type { RowRule } from '../policy/index.ts';
import { decideField, type Restriction } from './decideField.ts';
import { documentHash } from './documentHash.ts';
import type { FieldRules } from './FieldRule.ts';
import { maskResult } from './maskResult.ts';
import { planAccess, type AccessPlan } from './planAccess.ts';
import { prepareForMasking } from './prepareForMasking.ts';
import { readFieldRules } from './readFieldRules.ts';
import type { Rights } from './Rights.ts';
import { rowRestriction, rowRulesFor } from './rowRestriction.ts';

/** One operation to govern: what the client sent and who it is. */
export interface GovernedOperation {
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  consumer: Consumer | undefined;
}

/** The policy enforced on the operations of one supergraph. */
export interface AccessGovernor {
  /** What the policy decides for `operation`, from the document alone (cached per document and rights). */
  plan(operation: GovernedOperation): AccessPlan;
  /** The document to run for a plan that masks: the client's, without what the caller may not read, plus what masking needs (see `prepareForMasking`). */
  prepare(document: DocumentNode, plan: AccessPlan): DocumentNode;
  /** The result the caller may have: restricted fields null with an error, or pseudonymised; decided with the caller's rights now. */
  mask(result: ExecutionResult, operation: GovernedOperation): ExecutionResult;
  /**
   * Appends the plan's access decisions to the audit, one record per data product; `rowMasked` names the fields
   * row rules masked in the result (field coordinate → rule), which the records count as masked.
   */
  record(plan: AccessPlan, operation: GovernedOperation, path?: AccessPath, rowMasked?: ReadonlyMap<string, string>): void;
  /** Runs an operation governed: plan, audit, run the document it needs, mask. */
  run(operation: GovernedOperation, execute: (document: DocumentNode) => Promise<ExecutionResult>): Promise<ExecutionResult>;
  /** Stops following agreement changes (the supergraph changed and a new governor took over). */
  close(): void;
}

export interface AccessGovernorOptions {
  governance: Governance;
  /** The composed supergraph: its `@classified` and security directives are the rules. */
  supergraphSdl: string;
  /** Its API schema, which clients' documents are validated against. */
  apiSchema: GraphQLSchema;
  /** The name of the gateway's own catalog subgraph, whose fields check the caller themselves. */
  catalogGraph: string;
}

/** Plans cached per document; a document's plans per caller's rights. */
const MAX_RIGHTS_PER_DOCUMENT = 64;

/**
 * Enforces the mesh policy on one supergraph: decides each field for each
 * caller (classification, agreements, Apollo's authorization directives,
 * row rules), masks what the caller may not read, and records every
 * decision in the audit. A new supergraph gets a new governor.
 */
export function createAccessGovernor({ governance, supergraphSdl, apiSchema: served, catalogGraph }: AccessGovernorOptions): AccessGovernor {
  const { policy, agreements, audit } = governance;
  // A copy without resolvers: Apollo Server wraps the fields of the schema it serves with its plugins' dispatch, which masking must not run.
  const apiSchema = buildASTSchema(parse(printSchema(served)), { assumeValidSDL: true });
  const rules: FieldRules = readFieldRules(supergraphSdl, catalogGraph);
  // A row rule whose field the supergraph lacks cannot be fetched; it guards nothing here.
  const rowRules: RowRule[] = policy.rowRules.filter((rule) => rules.has(`${rule.type}.${rule.field}`));
  // Any agreement change may change any caller's plans: they are cached under the version of the agreements.
  let agreementsVersion = 0;
  const stopFollowing = agreements.onChange(() => agreementsVersion++);
  const plans = new WeakMap<DocumentNode, LRUCache<string, AccessPlan>>();
  const prepared = new WeakMap<AccessPlan, DocumentNode>();

  const rightsOf = (consumer: Consumer | undefined): Rights => ({ consumer, policy, agreement: (urn) => (consumer ? agreements.granted(consumer.id, urn) : undefined) });
  const rightsKey = (consumer: Consumer | undefined) =>
    consumer ? `${agreementsVersion}|${consumer.id}|${consumer.scopes.join(' ')}|${consumer.owns.join(' ')}|${consumer.regions.join(' ')}` : `${agreementsVersion}|`;

  const governor: AccessGovernor = {
    plan({ document, consumer }) {
      let byRights = plans.get(document);
      if (!byRights) plans.set(document, (byRights = new LRUCache({ max: MAX_RIGHTS_PER_DOCUMENT })));
      const key = rightsKey(consumer);
      let plan = byRights.get(key);
      if (!plan) byRights.set(key, (plan = planAccess(apiSchema, document, rules, rowRules, rightsOf(consumer))));
      return plan;
    },
    prepare(document, plan) {
      let done = prepared.get(plan);
      if (!done) prepared.set(plan, (done = prepareForMasking(document, apiSchema, rowRules, plan.pruned)));
      return done;
    },
    mask: (result, operation) => mask(result, operation),
    record(plan, { document, operationName, consumer }, path = plan.path, rowMasked) {
      if (plan.products.size === 0) return;
      const at = new Date().toISOString();
      const operationHash = documentHash(document);
      for (const [urn, access] of plan.products) {
        const agreement = consumer ? agreements.granted(consumer.id, urn) : undefined;
        const restricted = [...access.restricted];
        for (const [field, rule] of rowMasked ?? []) if (access.fields.includes(field)) restricted.push({ field, decision: 'masked', rule });
        const decision = restricted.some((r) => r.decision === 'denied') ? 'denied' : restricted.length > 0 ? 'masked' : 'allowed';
        const record: AccessRecord = {
          at,
          consumer: consumer?.id ?? 'anonymous',
          urn,
          fields: access.fields,
          restricted,
          decision,
          path,
          ...(agreement ? { agreement: agreement.id, purpose: agreement.purpose } : {}),
          ...(operationName ? { operationName } : {}),
          operationHash,
        };
        audit.record(record);
      }
    },
    async run(operation, execute) {
      const plan = governor.plan(operation);
      if (plan.rowRuled.size === 0) {
        governor.record(plan, operation);
        if (!plan.masks) return execute(operation.document);
        return mask(await execute(governor.prepare(operation.document, plan)), operation);
      }
      // Whether a row rule masked anything only the result tells: the audit records the operation once it was masked.
      const rowMasked = new Map<string, string>();
      try {
        return mask(await execute(governor.prepare(operation.document, plan)), operation, rowMasked);
      } finally {
        governor.record(plan, operation, plan.path, rowMasked);
      }
    },
    close: stopFollowing,
  };

  /** Masks `result` for the caller; the fields row rules masked go to `rowMasked` (coordinate → rule). */
  function mask(result: ExecutionResult, { document, operationName, variables, consumer }: GovernedOperation, rowMasked?: Map<string, string>): ExecutionResult {
    const rights = rightsOf(consumer);
    const decided = new Map<string, { restriction: Restriction | undefined; rowRules: RowRule[] }>();
    return maskResult(result, {
      schema: apiSchema,
      document,
      operationName,
      variables,
      pseudonym: governance.pseudonymise,
      decide: (typeName, fieldName, row) => {
        // A field's decision is the same in every row; only the row rules look at the row.
        const coordinate = `${typeName}.${fieldName}`;
        let field = decided.get(coordinate);
        if (!field) {
          const rule = rules.get(coordinate);
          decided.set(coordinate, (field = { restriction: decideField(rule, rights), rowRules: rule ? rowRulesFor(typeName, rule.classifications, rights) : [] }));
        }
        if (field.restriction || field.rowRules.length === 0) return field.restriction;
        const restriction = rowRestriction(field.rowRules, row, rights);
        if (restriction) rowMasked?.set(coordinate, restriction.rule);
        return restriction;
      },
    });
  }
  return governor;
}
