import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import { addExtensions } from '@apollo/gateway/dist/schema-helper/addExtensions.js';
import { buildOperationContext } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { getVariableValues, type ExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../logger/index.ts';
import { withSpan } from '../../telemetry/index.ts';
import { compileOperation, type CompiledOperation } from './compileOperation.ts';
import { resolvableKeysFirst } from './corrections/index.ts';
import { runOperation, type RunTarget } from './runOperation.ts';

/** Operations kept compiled (plan and response shape) per supergraph. */
const DEFAULT_OPERATION_CACHE_SIZE = 2_000;

export interface QueryGatewayOptions {
  supergraphSdl: string;
  /** The data source of a subgraph of the supergraph, made once per subgraph and URL. */
  buildService(definition: { name: string; url?: string }): GraphQLDataSource;
  logger: Logger;
  /** Most operations kept compiled. @default 2,000 */
  operationCacheSize?: number;
}

/** Apollo Server's gateway, running meshgraph's own executor; `update` serves a new supergraph. */
export interface QueryGateway extends GatewayInterface {
  /** Builds a supergraph to serve (its planner, schemas and data sources); throws, changing nothing served, when it cannot be built. */
  prepare(supergraphSdl: string): ServedSupergraph;
  /** Serves a prepared supergraph from the next request on. */
  serve(next: ServedSupergraph): void;
  /** The supergraph served (built once, shared with the subscription planner). */
  supergraph(): ServedSupergraph;
}

/** A supergraph as served: built, planned against, with its subgraphs' data sources. */
export interface ServedSupergraph extends RunTarget {
  sdl: string;
  supergraph: Supergraph;
  planner: QueryPlanner;
}

/**
 * The gateway Apollo Server runs queries and mutations with: Apollo's query
 * planner, and meshgraph's executor (gateway/execution), which compiles each
 * operation once (plan and response shape, cached by document hash and
 * operation name) and runs it per request without graphql-js.
 */
export function createQueryGateway(options: QueryGatewayOptions): QueryGateway {
  const { buildService, logger, operationCacheSize = DEFAULT_OPERATION_CACHE_SIZE } = options;
  const listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  const sources = new Map<string, { url: string | undefined; source: GraphQLDataSource }>();
  let served: ServedSupergraph | undefined;
  let operations = new LRUCache<string, CompiledOperation>({ max: operationCacheSize });

  const build = (sdl: string): ServedSupergraph => {
    // Resolvable keys first: Apollo's planner takes the first key a subgraph declares, resolvable or not.
    const supergraph = Supergraph.build(resolvableKeysFirst(sdl), { validateSupergraph: process.env['NODE_ENV'] !== 'production' });
    const services: ServiceMap = {};
    for (const { name, url } of supergraph.subgraphsMetadata()) {
      let known = sources.get(name);
      if (!known || known.url !== url) {
        known = { url, source: buildService({ name, url }) };
        sources.set(name, known);
      }
      services[name] = known.source;
    }
    return {
      sdl,
      supergraph,
      planner: new QueryPlanner(supergraph),
      schema: addExtensions(supergraph.apiSchema().toGraphQLJSSchema()),
      supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
      services,
    };
  };

  const serve = (next: ServedSupergraph) => {
    served = next;
    operations = new LRUCache({ max: operationCacheSize });
    for (const listener of listeners) {
      try {
        listener({ apiSchema: next.schema, coreSupergraphSdl: next.sdl });
      } catch (error) {
        logger.error('a listener of supergraph changes failed; the supergraph is served anyway', { err: error });
      }
    }
  };

  const execute = async (requestContext: Parameters<GatewayExecutor>[0], target: ServedSupergraph, cache: LRUCache<string, CompiledOperation>): Promise<ExecutionResult> => {
    const { request, document, queryHash } = requestContext;
    const operationName = request.operationName ?? undefined;
    const key = operationName ? `${queryHash}\u0000${operationName}` : queryHash;
    let compiled = cache.get(key);
    const operationContext = compiled?.operationContext ?? buildOperationContext({ schema: target.schema, operationDocument: document, operationName });
    const definitions = operationContext.operation.variableDefinitions;
    if (definitions?.length) {
      const { errors } = getVariableValues(target.schema, definitions, request.variables ?? {});
      if (errors) return { errors };
    }
    if (!compiled) {
      compiled = compileOperation(target, operationContext, document, operationName);
      cache.set(key, compiled);
    }
    return runOperation(compiled, target, requestContext, logger);
  };

  const executor: GatewayExecutor = (requestContext) => {
    const target = served!;
    const cache = operations;
    const name = requestContext.operationName;
    const type = requestContext.operation?.operation;
    const attributes = { ...(name ? { operationName: name, 'graphql.operation.name': name } : {}), ...(type ? { 'graphql.operation.type': type } : {}) };
    return withSpan('gateway.request', { attributes }, () => execute(requestContext, target, cache));
  };

  return {
    async load() {
      serve(build(options.supergraphSdl));
      return { executor };
    },
    prepare: build,
    serve,
    supergraph() {
      if (!served) throw new Error('The gateway has not loaded a supergraph yet.');
      return served;
    },
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async stop() {},
  };
}
