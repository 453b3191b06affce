import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import type { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { applyRewrites, isObjectOfType } from '@apollo/gateway/dist/dataRewrites.js';
import { assert, ERRORS, errorCodeDef, type VariableDefinitions } from '@apollo/federation-internals';
import { evaluateCondition, getResponseName, type FetchNode, type PlanNode, type QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { withSpan } from '../../telemetry/index.ts';
import { mergeInto } from './mergeInto.ts';

type Data = Record<string, unknown>;
type ResponsePath = (string | number)[];

/** What one execution of a plan runs with and collects. */
export interface PlanExecution {
  services: ServiceMap;
  /** The request, as each data source is handed it. */
  requestContext: GatewayGraphQLRequestContext;
  /** The supergraph, against which `requires` type conditions are tested. */
  supergraphSchema: GraphQLSchema;
  /** The operation's variable definitions, for the defaults of `@skip`/`@include` conditions. */
  variableDefinitions: VariableDefinitions;
  /** Errors of the fetches, in the order they came. */
  errors: GraphQLError[];
  /** The client's response name of each alias the plan's corrections gave a field: subgraph errors' paths use the client's names. */
  responseNames: ReadonlyMap<string, string>;
}

/** Where a plan node reads and writes: the objects at `path` of the result being built. */
interface Cursor {
  path: ResponsePath;
  data: Data | Data[];
  fullResult: Data;
}

/**
 * Runs a query plan's nodes, as Apollo's gateway runs them (the same fetches,
 * in the same order, merged the same way, with the same errors), into `data`:
 * fetches in sequence or parallel, each subgraph's answer merged where the
 * plan says, entity fetches batched into one `_entities` request per step.
 */
export async function executePlan(execution: PlanExecution, node: PlanNode, data: Data): Promise<void> {
  await executeNode(execution, node, { path: [], data, fullResult: data });
}

async function executeNode(execution: PlanExecution, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(execution, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(execution, child, cursor)));
      return;
    case 'Flatten':
      await executeNode(execution, node.node, moveIntoCursor(cursor, node.path));
      return;
    case 'Fetch':
      try {
        await withSpan('gateway.fetch', { attributes: { service: node.serviceName } }, () => executeFetch(execution, node, cursor));
      } catch (error) {
        execution.errors.push(error as GraphQLError);
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, execution.variableDefinitions, execution.requestContext.request.variables) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(execution, branch, cursor);
      return;
    }
    case 'Defer':
      assert(false, `@defer support is not available in the gateway`);
      return;
  }
}

async function executeFetch(execution: PlanExecution, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = execution.services[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities: Data[] = Array.isArray(cursor.data) ? cursor.data.filter((entity) => entity !== null && entity !== undefined) : [cursor.data];
  if (entities.length < 1) return;
  const variables = fetchVariables(fetch, execution.requestContext.request.variables);
  if (!fetch.requires) {
    const received = await sendOperation(execution, service, fetch, cursor, variables);
    if (received) applyRewrites(execution.supergraphSchema, fetch.outputRewrites, received);
    for (const entity of entities) mergeInto(entity, received);
    return;
  }
  const representations: Data[] = [];
  const representationToEntity: number[] = [];
  entities.forEach((entity, index) => {
    const representation = selectRequired(execution.supergraphSchema, entity, fetch.requires!);
    if (representation && representation['__typename']) {
      applyRewrites(execution.supergraphSchema, fetch.inputRewrites, representation);
      representations.push(representation);
      representationToEntity.push(index);
    }
  });
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error(`Variables cannot contain key "representations"`);
  const received = await sendOperation(execution, service, fetch, cursor, { ...variables, representations });
  if (!received) return;
  const receivedEntities = received['_entities'];
  if (!Array.isArray(receivedEntities)) throw new Error(`Expected "data._entities" in response to be an array`);
  if (receivedEntities.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  // As Apollo's executor: one entry per entity given, whose representation was sent or not.
  for (let index = 0; index < entities.length; index++) {
    const receivedEntity = receivedEntities[index] as Data | null | undefined;
    const existing = entities[representationToEntity[index]!];
    if (receivedEntity && !receivedEntity['__typename']) receivedEntity['__typename'] = existing?.['__typename'];
    applyRewrites(execution.supergraphSchema, fetch.outputRewrites, receivedEntity as Data);
    mergeInto(existing as Data, receivedEntity);
  }
}

/** The request's variables the fetch uses, those given a value. */
function fetchVariables(fetch: FetchNode, provided: Record<string, unknown> | undefined): Data {
  const variables = Object.create(null) as Data;
  if (!fetch.variableUsages || !provided) return variables;
  for (const name of fetch.variableUsages) {
    if (Object.prototype.hasOwnProperty.call(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
  }
  return variables;
}

/** A data source that sends a plan's fetch itself, without Apollo's data source pipeline (`SubgraphDataSource`). */
interface OperationFetcher {
  fetchOperation(request: { query: string; variables: Data; operationName: string | undefined }, context: unknown, overallCachePolicy: GatewayGraphQLRequestContext['overallCachePolicy']): Promise<GatewayGraphQLResponse>;
}

const fetchesItself = (service: GraphQLDataSource): service is GraphQLDataSource & OperationFetcher => typeof (service as Partial<OperationFetcher>).fetchOperation === 'function';

async function sendOperation(execution: PlanExecution, service: GraphQLDataSource, fetch: FetchNode, cursor: Cursor, variables: Data): Promise<Data | undefined | null> {
  const { requestContext } = execution;
  const request = { query: fetch.operation, variables, operationName: fetch.operationName };
  const response = fetchesItself(service)
    ? await service.fetchOperation(request, requestContext.context, requestContext.overallCachePolicy)
    : await service.process({
        // The enum is exported as a type only.
        kind: 'incoming operation' as GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request,
        incomingRequestContext: requestContext,
        context: requestContext.context,
        ...(fetch.operationDocumentNode ? { document: fetch.operationDocumentNode } : {}),
        pathInIncomingRequest: cursor.path,
      } as Parameters<GraphQLDataSource['process']>[0]);
  if (response.errors) {
    const errorPath = clientPath(lazyErrorPath(fetch, cursor), execution.responseNames);
    execution.errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName, errorPath)));
    // As Apollo's executor records them for usage reporting.
    const metrics = requestContext.metrics as { nonFtv1ErrorPaths?: { subgraph: string; path: GraphQLFormattedError['path'] }[] } | undefined;
    if (metrics && !response.extensions?.['ftv1']) {
      const paths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
      if (metrics.nonFtv1ErrorPaths) metrics.nonFtv1ErrorPaths.push(...paths);
      else metrics.nonFtv1ErrorPaths = paths;
    }
  }
  return response.data as Data | undefined | null;
}

/** Where in the client's response a subgraph error belongs: an entity fetch's `_entities` index becomes the entity's path. */
function lazyErrorPath(fetch: FetchNode, cursor: Cursor): (path: GraphQLFormattedError['path']) => ResponsePath | undefined {
  let hydrated: ResponsePath[] | undefined;
  return (errorPath) => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        hydratePaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath] : undefined;
  };
}

/** `errorPath` with the client's response names where the plan's corrections aliased a field. */
function clientPath(errorPath: (path: GraphQLFormattedError['path']) => ResponsePath | undefined, responseNames: ReadonlyMap<string, string>): typeof errorPath {
  if (responseNames.size === 0) return errorPath;
  return (path) => errorPath(path)?.map((element) => (typeof element === 'string' ? (responseNames.get(element) ?? element) : element));
}

/** Every concrete path a plan path (`@` for each element of a list) reaches in `data`. */
function hydratePaths(parent: ResponsePath, path: readonly (string | number)[], data: unknown, result: ResponsePath[]): void {
  const head = path[0];
  if (data === null || data === undefined) return;
  if (head === undefined) {
    result.push(parent.slice());
  } else if (head === '@') {
    assert(Array.isArray(data), 'expected array when encountering `@`');
    data.forEach((value: unknown, index) => {
      parent.push(index);
      hydratePaths(parent, path.slice(1), value, result);
      parent.pop();
    });
  } else if (typeof head === 'string') {
    if (Array.isArray(data)) {
      data.forEach((value: unknown, index) => {
        parent.push(index);
        hydratePaths(parent, path, value, result);
        parent.pop();
      });
    } else if (Object.prototype.hasOwnProperty.call(data, head)) {
      parent.push(head);
      hydratePaths(parent, path.slice(1), (data as Data)[head], result);
      parent.pop();
    }
  } else {
    assert(false, `unknown path part "${head}"`);
  }
}

function downstreamServiceError(original: GraphQLFormattedError, serviceName: string, errorPath: (path: GraphQLFormattedError['path']) => ResponsePath | undefined): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const { extensions } = original;
  const options = { originalError: original as Error, path: errorPath(original.path), extensions: { ...extensions, serviceName } };
  const codeDef = errorCodeDef(original);
  if (!codeDef && extensions?.['code']) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

/** What an entity fetch sends for one entity: the fields `requires` selects of it, or null if one is missing. */
function selectRequired(schema: GraphQLSchema, source: Data | null, selections: readonly QueryPlanSelectionNode[]): Data | null {
  if (source === null) return null;
  // An ordinary object (see compileResponseShape): a field's name is never `__proto__`, reserved to introspection.
  const result: Data = {};
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      // Read where it was fetched (an alias when the corrections gave one: Apollo's plans have none), sent under the field's name.
      const responseName = getResponseName(selection);
      const { name } = selection;
      const value = Object.prototype.hasOwnProperty.call(source, responseName) ? source[responseName] : undefined;
      if (value === undefined) return null;
      const sub = selection.selections;
      if (Array.isArray(value)) result[name] = value.map((element: Data | null) => (sub ? selectRequired(schema, element, sub) : element));
      else result[name] = sub ? selectRequired(schema, value as Data | null, sub) : value;
    } else if (selection.typeCondition && isObjectOfType(schema, source, selection.typeCondition)) {
      mergeInto(result, selectRequired(schema, source, selection.selections));
    }
  }
  return result;
}

/** The objects at `path` below the cursor's, lists flattened (`@`): where a nested fetch merges. */
function moveIntoCursor(cursor: Cursor, path: readonly (string | number)[]): Cursor | undefined {
  const data = flattenAtPath(cursor.data, path, 0);
  return data ? { path: cursor.path.concat(path), data: data as Data | Data[], fullResult: cursor.fullResult } : undefined;
}

/** Apollo's `flattenResultsAtPath`: the value at `path` from `at`, each list (`@`) flattened one level into one list. */
function flattenAtPath(value: unknown, path: readonly (string | number)[], at: number): unknown {
  if (at === path.length || value === undefined || value === null) return value;
  const current = path[at]!;
  if (current === '@') {
    const flattened: unknown[] = [];
    for (const element of listAtPath(value)) flattenInto(flattened, element, path, at + 1);
    return flattened;
  }
  return flattenAtPath(propertyAtPath(value, current), path, at + 1);
}

/** Pushes what `flattenAtPath(value, path, at)` gives, a list's elements one by one, as `flatMap` would: without a list per element. */
function flattenInto(flattened: unknown[], value: unknown, path: readonly (string | number)[], at: number): void {
  if (at === path.length || value === undefined || value === null) {
    if (Array.isArray(value)) for (const element of value) flattened.push(element);
    else flattened.push(value);
    return;
  }
  const current = path[at]!;
  if (current === '@') for (const element of listAtPath(value)) flattenInto(flattened, element, path, at + 1);
  else flattenInto(flattened, propertyAtPath(value, current), path, at + 1);
}

/** `value` as the list a `@` path element flattens; anything else fails as Apollo's `value.flatMap` does. */
function listAtPath(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new TypeError('value.flatMap is not a function');
  return value;
}

/** `value`'s own property `name`, as Apollo reads a path element. */
function propertyAtPath(value: unknown, name: string | number): unknown {
  if (typeof name !== 'string') assert(false, `Unexpected ${typeof name} found in path`);
  if (Array.isArray(value)) assert(false, `Unexpected array in result for path element ${name}`);
  return Object.prototype.hasOwnProperty.call(value, name) ? (value as Data)[name] : undefined;
}
