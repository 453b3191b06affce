import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';

/** When a request's time runs out. */
export interface RequestDeadline {
  /** `performance.now()` past which no field of the request resolves. */
  expiresAt: number;
  /** The time limit it was set with, for the error message. */
  timeoutMs: number;
}

/** A deadline `timeoutMs` from now. */
export function startDeadline(timeoutMs: number): RequestDeadline {
  return { expiresAt: performance.now() + timeoutMs, timeoutMs };
}

/**
 * Makes every field of `schema` check its request's deadline before it
 * resolves and, once the deadline has passed, fail with `OPERATION_TIMEOUT`
 * instead of resolving: graphql-js cannot stop an execution from outside
 * (and runs synchronous resolvers in one go), so the fields themselves
 * abandon the work left. `deadlineOf` reads the deadline from a field's
 * context; `undefined` is no limit (e.g. a subscription's events). Changes
 * the schema in place: call it once, before the schema is served.
 */
export function abandonAfterDeadline(schema: GraphQLSchema, deadlineOf: (context: unknown) => RequestDeadline | undefined): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const deadline = deadlineOf(context);
        if (deadline && performance.now() > deadline.expiresAt) {
          throw new GraphQLError(
            `The request ran past its time limit of ${deadline.timeoutMs} ms, so the rest of it was abandoned. ` +
              'Ask for less (smaller pages, fewer nested lists) or split the operation.',
            { extensions: { code: ErrorCode.OPERATION_TIMEOUT } },
          );
        }
        return resolve(source, args, context, info);
      };
    }
  }
}
