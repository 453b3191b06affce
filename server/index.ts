export { createHttpServer, listen, closeServer } from './createHttpServer.ts';
export type { Route, RouteHandler, HttpServerOptions } from './createHttpServer.ts';
export { createGraphQLHandler } from './graphqlHandler.ts';
export { createResponseBytes } from './responseBytes.ts';
export { createJsonSerializer } from './serializeJson.ts';
export type { ResponseBytes } from './responseBytes.ts';
export type { GraphQLHandlerOptions } from './graphqlHandler.ts';
export { createErrorFormatter } from './formatError.ts';
export { readBody, PayloadTooLargeError } from './readBody.ts';
export { sendJson, sendGraphQLError, sendRefusal } from './sendJson.ts';
export { negotiateMediaType, parseAccept } from './negotiateMediaType.ts';
export type { MediaRange } from './negotiateMediaType.ts';
// ErrorCode lives with the mesh's contracts; exported here too for code written against server/.
export { ErrorCode } from '../schema/index.ts';
export { attachGraphQLWebSocket } from './graphqlWebSocket.ts';
export { callerValue, CLIENT_NAME } from './callerValue.ts';
export type { GraphQLWebSocket, GraphQLWebSocketOptions, WebSocketConnection } from './graphqlWebSocket.ts';
export { createMetricsRegistry, observeMetric } from './createMetricsRegistry.ts';
export type { Labels, Sample, ObservedMetric } from './createMetricsRegistry.ts';
export { serveMetrics } from './serveMetrics.ts';
export {
  createOperationLimits,
  DEFAULT_OPERATION_LIMITS,
  measureOperations,
  documentDepth,
  abandonAfterDeadline,
  startDeadline,
  readCostDirectives,
  NO_COST_DIRECTIVES,
  measureActualCost,
} from './operationLimits/index.ts';
export type {
  OperationLimits,
  OperationLimitsOptions,
  OperationAssessment,
  OperationMeasure,
  MeasureOptions,
  RequestDeadline,
  CostDirectives,
  ListSize,
  ActualCostOptions,
} from './operationLimits/index.ts';
export type { Admission, RequestDemand, Refusal } from './Admission.ts';
