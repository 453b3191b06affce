export { createHttpServer, listen, closeServer } from './createHttpServer.ts';
export type { Route, RouteHandler, HttpServerOptions } from './createHttpServer.ts';
export { createGraphQLHandler } from './graphqlHandler.ts';
export type { GraphQLHandlerOptions } from './graphqlHandler.ts';
export { createErrorFormatter } from './formatError.ts';
export { readBody, PayloadTooLargeError } from './readBody.ts';
export { sendJson, sendGraphQLError } from './sendJson.ts';
export { ErrorCode } from './ErrorCode.ts';
