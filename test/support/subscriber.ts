import { createClient, type Client } from 'graphql-ws';
import type { ExecutionResult } from 'graphql';
import WebSocket from 'ws';

/** One frontend with one subscription on its own graphql-ws connection. */
export interface Subscriber<T> {
  /** The next result, in order; rejects if the subscription ends first. */
  next(): Promise<ExecutionResult<T>>;
  /** Settles when the server ends the subscription: with the error it sent or the close event, or `complete`. */
  ended: Promise<unknown>;
  client: Client;
  close(): Promise<void>;
}

export interface SubscriberOptions {
  variables?: Record<string, unknown>;
  /** Sent in `connection_init`, as a browser client would. */
  connectionParams?: Record<string, unknown>;
}

/** Subscribes through `httpUrl`'s graphql-ws endpoint (same path, `ws:`), with the official client. */
export function subscribe<T = Record<string, unknown>>(httpUrl: string, query: string, options: SubscriberOptions = {}): Subscriber<T> {
  const client = createClient({ url: httpUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: options.connectionParams });
  const results: ExecutionResult<T>[] = [];
  const waiting: { resolve(r: ExecutionResult<T>): void; reject(e: unknown): void }[] = [];
  let end: unknown;
  let finished = false;
  let settle!: (outcome: unknown) => void;
  const ended = new Promise<unknown>((resolve) => (settle = resolve));
  const finish = (outcome: unknown) => {
    finished = true;
    end = outcome;
    settle(outcome);
    for (const w of waiting.splice(0)) w.reject(new Error(`The subscription ended: ${JSON.stringify(outcome)}`));
  };
  client.subscribe<T>(
    { query, variables: options.variables },
    {
      next: (result) => {
        const w = waiting.shift();
        if (w) w.resolve(result as ExecutionResult<T>);
        else results.push(result as ExecutionResult<T>);
      },
      error: (error) => finish(error),
      complete: () => finish('complete'),
    },
  );
  return {
    next() {
      const ready = results.shift();
      if (ready) return Promise.resolve(ready);
      if (finished) return Promise.reject(new Error(`The subscription ended: ${JSON.stringify(end)}`));
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    ended,
    client,
    async close() {
      await client.dispose();
    },
  };
}
