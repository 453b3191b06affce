import type { ApolloServer } from '@apollo/server';
import { GraphQLError, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { GatewayContext } from './GatewayContext.ts';

/**
 * Runs a query or mutation that came over WebSocket through Apollo Server,
 * exactly as over HTTP (plans, plugins, error formatting). graphql-ws wants
 * `GraphQLError`s where Apollo gives formatted ones, so they are rebuilt.
 */
export async function executeWithApollo(apollo: ApolloServer<GatewayContext>, args: ExecutionArgs, contextValue: GatewayContext): Promise<ExecutionResult> {
  const response = await apollo.executeOperation(
    { query: print(args.document), variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined, operationName: args.operationName ?? undefined },
    { contextValue },
  );
  if (response.body.kind !== 'single') throw new Error('Incremental delivery (@defer) is not served over WebSocket.');
  const { data, errors, extensions } = response.body.singleResult;
  return {
    data: data as ExecutionResult['data'],
    ...(errors ? { errors: errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })) } : {}),
    ...(extensions ? { extensions } : {}),
  };
}
