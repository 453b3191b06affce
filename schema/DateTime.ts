import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function toIso(value: unknown, where: string): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'string' && ISO_DATE_TIME.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  throw new GraphQLError(
    `DateTime ${where} must be an ISO-8601 date-time such as "2026-10-31T18:04:05Z", but got ${JSON.stringify(value)}.`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

/** The `DateTime` scalar: ISO-8601 in, UTC ISO-8601 with milliseconds out. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC with milliseconds, e.g. `2026-10-31T18:04:05.000Z`.',
  serialize: (value) => toIso(value, 'output'),
  parseValue: (value) => toIso(value, 'input'),
  parseLiteral: (node) => toIso(node.kind === Kind.STRING ? node.value : undefined, 'literal'),
});
