import type { GatewayContext } from '../GatewayContext.ts';

/**
 * Writes results of one operation, each already serialized as an
 * `ExecutionResult` (once for every client of the operation), to one client;
 * `written` fires once the socket took it, or failed to. The transport frames
 * it in its protocol.
 */
export type ResultWriter = (resultJson: string, written: () => void) => void;

/** The client connection a subscription runs on, as the engine needs it (no protocol, no socket library). */
export interface SubscriberConnection {
  /** The writer of the results of operation `operationId` on this connection. */
  resultWriter(operationId: string): ResultWriter;
  /** Closes the connection with a WebSocket close code and a reason the client sees. */
  close(code: number, reason: string): void;
}

/** The context of a client subscription. */
export interface SubscriptionContext extends GatewayContext {
  connection: SubscriberConnection;
  /** The subscription's id on its connection. */
  operationId: string;
}
