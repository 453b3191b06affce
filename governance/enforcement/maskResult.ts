import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import type { Restriction } from './decideField.ts';

/** Decides one field of one row (the row matters to data localization). */
export type RowDecision = (typeName: string, fieldName: string, row: Readonly<Record<string, unknown>>) => Restriction | undefined;

export interface MaskOptions {
  /** The API schema the client's document was validated against. */
  schema: GraphQLSchema;
  /** The client's own document: the masked result has exactly its shape. */
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  decide: RowDecision;
  /** The keyed hash of a value, for fields served pseudonymised. */
  pseudonym: (value: unknown) => string;
}

/** The error a masked field carries: what the caller may not read, the rule, and what to do. */
export function restrictionError(coordinate: string, restriction: Restriction): GraphQLError {
  const { rule, decision, product, level, remedy } = restriction;
  const what = product && level ? `is ${level} in data product ${product}` : 'is restricted';
  return new GraphQLError(`"${coordinate}" ${what}; rule "${rule}" ${decision === 'denied' ? 'denies' : 'masks'} it for this caller. To read it: ${remedy}.`, {
    extensions: { code: ErrorCode.FORBIDDEN, rule, field: coordinate, decision, ...(product ? { urn: product } : {}), ...(level ? { classification: level } : {}) },
  });
}

/**
 * Masks a result the gateway fetched: runs the client's document over it
 * with graphql-js, each field read by its response key, so null propagation,
 * error paths, fragments and `@skip`/`@include` follow the GraphQL
 * specification. A restricted field becomes null with an error naming the
 * rule, or a pseudonym; the errors the result already had stay first.
 */
export function maskResult(result: ExecutionResult, options: MaskOptions): ExecutionResult {
  if (!result.data) return result;
  const { schema, document, operationName, variables, decide, pseudonym } = options;
  const fieldResolver: GraphQLFieldResolver<Record<string, unknown>, unknown> = (row, _args, _context, info) => {
    const value = row[String(info.path.key)];
    const restriction = decide(info.parentType.name, info.fieldName, row);
    if (!restriction) return value;
    if (restriction.pseudonymise && value !== null && value !== undefined) return pseudonym(value);
    return restrictionError(`${info.parentType.name}.${info.fieldName}`, restriction);
  };
  // A masked field's error (and graphql-js's located copy of it) would capture a stack trace nobody reads, at some
  // 80 µs each: most of the cost of masking. `execute` is synchronous here (the resolvers are), so the limit is ours alone.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let masked: ExecutionResult;
  try {
    masked = execute({ schema, document, operationName, variableValues: variables, rootValue: result.data, fieldResolver }) as ExecutionResult;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const errors = [...(result.errors ?? []), ...(masked.errors ?? [])];
  return { ...result, data: masked.data ?? null, ...(errors.length > 0 ? { errors } : {}) };
}
