import type { ExecutionResult } from 'graphql';

export interface ClientStreamOptions {
  /** Results waiting for the client beyond which it is too slow. */
  maxBuffered: number;
  /** The client fell `maxBuffered` results behind; `dropped` were never delivered. */
  onOverflow(dropped: number): void;
  /** The transport took a result off the queue. */
  onDelivered(): void;
  /** The stream ended (client left, overflow or final result): called once. */
  onEnd(): void;
}

/** The results of one client subscription, as the async iterator graphql-ws reads. */
export interface ClientStream extends AsyncIterableIterator<ExecutionResult> {
  /** Queues a result; a full queue is an overflow. */
  push(result: ExecutionResult): void;
  /** Queues a last result, then ends the stream. */
  finish(result?: ExecutionResult): void;
}

/**
 * A bounded queue between the shared upstream and one client's socket: the
 * transport awaits each send, so a client that does not read makes the queue
 * grow, and at `maxBuffered` it is cut off instead of holding memory without
 * bound.
 */
export function createClientStream({ maxBuffered, onOverflow, onDelivered, onEnd }: ClientStreamOptions): ClientStream {
  const queue: ExecutionResult[] = [];
  let wake: ((result: IteratorResult<ExecutionResult>) => void) | undefined;
  let finishing = false;
  let ended = false;

  const end = () => {
    if (ended) return;
    ended = true;
    queue.length = 0;
    wake?.({ value: undefined, done: true });
    wake = undefined;
    onEnd();
  };
  const take = (): IteratorResult<ExecutionResult> | undefined => {
    const value = queue.shift();
    if (value) {
      onDelivered();
      return { value, done: false };
    }
    if (finishing) end();
    return ended ? { value: undefined, done: true } : undefined;
  };

  const stream: ClientStream = {
    push(result) {
      if (ended || finishing) return;
      if (wake) {
        const resolve = wake;
        wake = undefined;
        onDelivered();
        resolve({ value: result, done: false });
        return;
      }
      if (queue.length >= maxBuffered) {
        const dropped = queue.length + 1;
        end();
        onOverflow(dropped);
        return;
      }
      queue.push(result);
    },
    finish(result) {
      if (ended || finishing) return;
      if (result) queue.push(result);
      finishing = true;
      if (wake) {
        const resolve = wake;
        wake = undefined;
        resolve(take()!);
      }
    },
    next() {
      const ready = take();
      if (ready) return Promise.resolve(ready);
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
