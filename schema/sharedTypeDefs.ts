import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';
import { DateTimeScalar } from './DateTime.ts';

/** The definitions of `schema/shared.graphql`, added to every subgraph. */
export const sharedTypeDefs: DocumentNode = parse(
  readFileSync(fileURLToPath(new URL('./shared.graphql', import.meta.url)), 'utf8'),
);

/** Resolvers of the shared scalars. */
export const sharedResolvers = { DateTime: DateTimeScalar };
