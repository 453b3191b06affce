import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Consumer } from '../governance/Consumer.ts';
import { documentHash } from '../governance/enforcement/index.ts';
import type { FieldUsageRecorder } from '../registry/usage/index.ts';
import type { GatewayContext } from './GatewayContext.ts';
import { operationCoordinates, type UsedDeprecation } from './operationCoordinates.ts';

/** A usage recorder that may also hear of the deprecated fields, arguments and enum values each operation used (the gateway's notifications of them). */
export type FieldUsageSink = FieldUsageRecorder & {
  onDeprecatedUse?(consumer: string, operation: string, deprecations: readonly UsedDeprecation[]): void;
};

/** `recorder`, also telling `onDeprecatedUse` of the deprecated elements each operation used. */
export function withDeprecatedUse(recorder: FieldUsageRecorder, onDeprecatedUse: NonNullable<FieldUsageSink['onDeprecatedUse']>): FieldUsageSink {
  return { record: (...args) => recorder.record(...args), flush: () => recorder.flush(), close: () => recorder.close(), onDeprecatedUse };
}

/** One operation to count: what it is run on, and who runs it. */
export interface UsedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  consumer: Consumer | undefined;
  /** Fields (`Type.field`) the caller may read in no row: refused, they were asked for but not used. @default none */
  unreadable?: ReadonlySet<string>;
}

/** What governance refuses an operation's caller outright (`AccessPlan.pruned`), when the gateway governs. */
export type UnreadableFields = (operation: { document: DocumentNode; operationName: string | undefined; variables: Record<string, unknown> | undefined; consumer: Consumer | undefined }) => ReadonlySet<string> | undefined;

/** `Type.field` of a coordinate: itself, or the field an argument (`Type.field(arg:)`) belongs to. */
const fieldOf = (coordinate: string) => coordinate.split('(')[0]!;

/**
 * Counts what one operation uses for its consumer: the authenticated one's
 * id, else `anonymous` (a client name is the caller's say-so, and
 * unbounded); the operation by its name, else its document's SHA-256 (as the
 * audit's `operationHash`); and tells the recorder's `onDeprecatedUse` of
 * the deprecated elements it used.
 */
export function recordFieldUsage(recorder: FieldUsageSink, { schema, document, operationName, consumer, unreadable }: UsedOperation): void {
  const { name, coordinates: asked, deprecations } = operationCoordinates(schema, document, operationName ?? undefined);
  // A field governance refused the caller was not used: it must not hold back its removal (an anonymous caller asking for an internal field).
  const coordinates = unreadable?.size ? asked.filter((coordinate) => !unreadable.has(fieldOf(coordinate))) : asked;
  if (coordinates.length === 0) return;
  const operation = name ?? documentHash(document);
  recorder.record(consumer?.id ?? 'anonymous', operation, coordinates);
  if (deprecations.length > 0) recorder.onDeprecatedUse?.(consumer?.id ?? 'anonymous', operation, deprecations);
}

/**
 * Records, for each query and mutation Apollo Server runs (over HTTP and
 * WebSocket), which consumer used which fields and arguments
 * (`recordFieldUsage`): what breaking-change checks weigh a change against.
 * With `unreadableFields` (a governed gateway), the fields governance
 * refuses the caller outright are left out.
 */
export function fieldUsagePlugin(recorder: FieldUsageSink, unreadableFields?: UnreadableFields): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, contextValue, request }) {
          const unreadable = unreadableFields?.({ document, operationName: operationName ?? undefined, variables: request.variables, consumer: contextValue.consumer });
          recordFieldUsage(recorder, { schema, document, operationName, consumer: contextValue.consumer, ...(unreadable ? { unreadable } : {}) });
        },
      };
    },
  };
}
