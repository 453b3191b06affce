import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';

/** What a request asks of the server, as known before it runs: its operations and their estimated cost. */
export interface RequestDemand {
  /** Operations in the request (each of a batch counts). */
  operations: number;
  /** Their estimated cost, summed (see `createOperationLimits`). */
  estimatedCost: number;
}

/** Why a request is not run: the error to answer with, and the HTTP status and headers to send it with. */
export interface Refusal {
  status: number;
  error: GraphQLError;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Decides, once a request's operations passed the limits, whether it runs
 * now (e.g. rate limits): undefined to run it, or why not. `request` is the
 * HTTP request, or a WebSocket connection's upgrade request.
 */
export type Admission = (request: IncomingMessage, demand: RequestDemand) => Refusal | undefined;
