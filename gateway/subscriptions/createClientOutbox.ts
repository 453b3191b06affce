import type { ResultWriter } from './SubscriptionContext.ts';

export interface ClientOutboxOptions {
  /** Writes one serialized result to the client's connection (the transport frames it). */
  write: ResultWriter;
  /** Results written but not yet taken by the socket beyond which the client is too slow. */
  maxBuffered: number;
  /** The client fell `maxBuffered` results behind; `dropped` will never reach it. */
  onOverflow(dropped: number): void;
  /** The socket took a result. */
  onDelivered(): void;
  /** The subscription ended (client left, overflow or final result): called once. */
  onEnd(): void;
}

/**
 * The delivery of one client subscription's results. The transport
 * (graphql-ws) holds it as an async iterator that ends when the subscription
 * does, so it sends `complete` and cleans up as for any subscription; results
 * do not go through the iterator but are written straight to the connection,
 * already serialized: the rest of the plan ran once for every client of an
 * operation, and its JSON is made once too.
 */
export interface ClientOutbox extends AsyncIterableIterator<never> {
  /** Sends a result (its JSON); a client with `maxBuffered` results unwritten is an overflow. */
  push(resultJson: string): void;
  /** Sends a last result, if any, then ends the subscription. */
  finish(resultJson?: string): void;
}

/**
 * A client's outbox with a bounded buffer: results the socket has not taken
 * yet are counted, and a client that stops reading is cut off at
 * `maxBuffered` instead of holding memory without bound.
 */
export function createClientOutbox({ write, maxBuffered, onOverflow, onDelivered, onEnd }: ClientOutboxOptions): ClientOutbox {
  let unwritten = 0;
  let ended = false;
  let wake: ((result: IteratorResult<never>) => void) | undefined;
  const written = () => {
    unwritten--;
    onDelivered();
  };

  const end = () => {
    if (ended) return;
    ended = true;
    wake?.({ value: undefined, done: true });
    wake = undefined;
    onEnd();
  };
  const send = (resultJson: string) => {
    unwritten++;
    write(resultJson, written);
  };

  const outbox: ClientOutbox = {
    push(resultJson) {
      if (ended) return;
      if (unwritten >= maxBuffered) {
        const dropped = unwritten + 1;
        end();
        onOverflow(dropped);
        return;
      }
      send(resultJson);
    },
    finish(resultJson) {
      if (ended) return;
      if (resultJson !== undefined) send(resultJson);
      end();
    },
    next() {
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (wake = resolve));
    },
    return() {
      end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return outbox;
    },
  };
  return outbox;
}
