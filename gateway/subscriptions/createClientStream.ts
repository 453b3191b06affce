export interface ClientStreamOptions {
  /** The subscription's id on the client's connection (graphql-transport-ws). */
  id: string;
  /** Writes one protocol message to the client's connection; `written` fires once the socket took it. */
  send(message: string, written: () => void): void;
  /** Results sent but not yet taken by the socket beyond which the client is too slow. */
  maxBuffered: number;
  /** The client fell `maxBuffered` results behind; `dropped` will never reach it. */
  onOverflow(dropped: number): void;
  /** The socket took a result. */
  onDelivered(): void;
  /** The stream ended (client left, overflow or final result): called once. */
  onEnd(): void;
}

/**
 * One client subscription. The transport (graphql-ws) holds it as an async
 * iterator that ends when the subscription does, so it sends `complete` and
 * cleans up as for any subscription; results do not go through it but are
 * written straight to the connection, already serialized: the rest of the
 * plan ran once for every client of an operation, and its JSON is made once
 * too.
 */
export interface ClientStream extends AsyncIterableIterator<never> {
  /** Sends a result (its JSON); a client with `maxBuffered` results unwritten is an overflow. */
  push(resultJson: string): void;
  /** Sends a last result, if any, then ends the stream. */
  finish(resultJson?: string): void;
}

/**
 * A client subscription with a bounded buffer: results the socket has not
 * taken yet are counted, and a client that stops reading is cut off at
 * `maxBuffered` instead of holding memory without bound.
 */
export function createClientStream({ id, send, maxBuffered, onOverflow, onDelivered, onEnd }: ClientStreamOptions): ClientStream {
  const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
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
  const write = (resultJson: string) => {
    unwritten++;
    send(`${prefix}${resultJson}}`, written);
  };

  const stream: ClientStream = {
    push(resultJson) {
      if (ended) return;
      if (unwritten >= maxBuffered) {
        const dropped = unwritten + 1;
        end();
        onOverflow(dropped);
        return;
      }
      write(resultJson);
    },
    finish(resultJson) {
      if (ended) return;
      if (resultJson !== undefined) write(resultJson);
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
      return stream;
    },
  };
  return stream;
}
