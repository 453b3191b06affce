/**
 * WebSocket close codes the gateway uses besides those of the
 * `graphql-transport-ws` protocol (4400 bad message, 4401 unauthorized,
 * 4409 duplicate id, …), in the range RFC 6455 leaves to applications.
 */
export const SubscriptionCloseCode = {
  /** The client did not read its events fast enough: its buffer filled, and the connection was closed. */
  SubscriberTooSlow: 4413,
} as const;

export type SubscriptionCloseCode = (typeof SubscriptionCloseCode)[keyof typeof SubscriptionCloseCode];
