import type { IncomingMessage } from 'node:http';
import type { Consumer } from '../Consumer.ts';

/** The consumer each authenticated request came from, set once the gateway authenticated it. */
const consumers = new WeakMap<IncomingMessage, Consumer>();

/** Remembers who sent `request`, for what runs after authentication (rate limits, context). */
export function setRequestConsumer(request: IncomingMessage, consumer: Consumer | undefined): void {
  if (consumer) consumers.set(request, consumer);
}

/** Who sent `request`: undefined for an anonymous caller (or before authentication). */
export function requestConsumer(request: IncomingMessage): Consumer | undefined {
  return consumers.get(request);
}
