import { buildOperationContext } from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import { getNamedType, isObjectType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createResumableOperation, type ResumableOperation } from './createResumableOperation.ts';

export type OperationContext = ReturnType<typeof buildOperationContext>;

/** How the gateway runs one client subscription: one upstream subscription, then the rest of the plan per event. */
export interface SubscriptionPlan {
  /** The plan's primary fetch: the upstream subscription to the subgraph owning the field. */
  primary: FetchNode;
  /** The rest of the plan, run for each event: entity fetches to other subgraphs. */
  rest: PlanNode | undefined;
  /** The primary fetch's operation, prepared to resume after a cursor. */
  upstreamOperation: ResumableOperation;
  operationContext: OperationContext;
}

/** The supergraph as the subscription engine needs it. */
export interface SubscriptionPlanner {
  /** The client-facing schema: operations are validated against it. */
  readonly apiSchema: GraphQLSchema;
  /** The supergraph and API schemas in the forms Apollo's plan executor takes. */
  readonly supergraphSchema: GraphQLSchema;
  readonly federationApiSchema: Schema;
  /** Plans a validated subscription operation with Apollo's query planner. */
  plan(document: DocumentNode, operationName?: string | null): SubscriptionPlan;
}

/** A supergraph built for planning: what the gateway's query executor has built already (`ServedSupergraph`). */
export interface PlannableSupergraph {
  supergraph: Supergraph;
  planner: QueryPlanner;
  /** The API schema, in graphql-js form. */
  schema: GraphQLSchema;
  supergraphSchema: GraphQLSchema;
}

/** The subscription planner of a supergraph given as SDL, built here. */
export function createSubscriptionPlanner(supergraphSdl: string): SubscriptionPlanner {
  const supergraph = Supergraph.build(supergraphSdl);
  return subscriptionPlannerOf({ supergraph, planner: new QueryPlanner(supergraph), schema: supergraph.apiSchema().toGraphQLJSSchema(), supergraphSchema: supergraph.schema.toGraphQLJSSchema() });
}

/** The subscription planner of a supergraph already built: the gateway's, planned by the same planner as its queries. */
export function subscriptionPlannerOf({ supergraph, planner, schema: apiSchema, supergraphSchema }: PlannableSupergraph): SubscriptionPlanner {
  const federationApiSchema = supergraph.apiSchema();

  /** A subscription field resumes when it takes `after` and its events carry `cursor`. */
  const resumable = (fieldName: string) => {
    const field = apiSchema.getSubscriptionType()?.getFields()[fieldName];
    const eventType = field && getNamedType(field.type);
    return !!field?.args.some((a) => a.name === 'after') && isObjectType(eventType) && 'cursor' in eventType.getFields();
  };

  return {
    apiSchema,
    supergraphSchema,
    federationApiSchema,
    plan(document, operationName) {
      const operation = operationFromDocument(federationApiSchema, document, { operationName: operationName ?? undefined });
      const node = planner.buildQueryPlan(operation).node;
      if (node?.kind !== 'Subscription') throw new TypeError(`Expected a subscription plan, got ${node?.kind ?? 'an empty plan'}.`);
      const rootField = operation.selectionSet.selections()[0];
      const fieldName = rootField?.kind === 'FieldSelection' ? rootField.element.name : '';
      return {
        primary: node.primary,
        rest: node.rest,
        upstreamOperation: createResumableOperation(node.primary.operation, resumable(fieldName)),
        operationContext: buildOperationContext({ schema: apiSchema, operationDocument: document, operationName: operationName ?? undefined }),
      };
    },
  };
}
