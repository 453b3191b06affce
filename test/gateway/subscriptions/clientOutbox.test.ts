import { describe, expect, it, vi } from 'vitest';
import { createClientOutbox } from '../../../gateway/subscriptions/createClientOutbox.ts';

/** An outbox whose writes the test lets the socket take, one by one. */
function outboxOf(maxBuffered: number) {
  const writes: { resultJson: string; take(): void }[] = [];
  const onOverflow = vi.fn<(dropped: number) => void>();
  const onDelivered = vi.fn();
  const onEnd = vi.fn();
  const outbox = createClientOutbox({ write: (resultJson, take) => writes.push({ resultJson, take }), maxBuffered, onOverflow, onDelivered, onEnd });
  return { outbox, writes, onOverflow, onDelivered, onEnd };
}

describe('a client outbox', () => {
  it('writes each result as it was serialized and counts it delivered once the socket took it', () => {
    const { outbox, writes, onDelivered } = outboxOf(10);
    outbox.push('{"data":{"n":1}}');
    outbox.push('{"data":{"n":2}}');
    expect(writes.map((w) => w.resultJson)).toEqual(['{"data":{"n":1}}', '{"data":{"n":2}}']);
    expect(onDelivered).not.toHaveBeenCalled();
    writes[0]!.take();
    expect(onDelivered).toHaveBeenCalledTimes(1);
  });

  it('cuts off a client that stops reading at maxBuffered unwritten results, and ends once', async () => {
    const { outbox, writes, onOverflow, onEnd } = outboxOf(3);
    const ended = outbox.next();
    for (let i = 0; i < 3; i++) outbox.push(`{"n":${i}}`);
    writes[0]!.take();
    outbox.push('{"n":3}');
    expect(onOverflow).not.toHaveBeenCalled();
    outbox.push('{"n":4}');
    expect(onOverflow).toHaveBeenCalledWith(4);
    expect(await ended).toEqual({ value: undefined, done: true });
    outbox.push('{"n":5}');
    outbox.finish('{"last":true}');
    expect(writes).toHaveLength(4);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('sends a last result, then ends: the transport sees its iterator done', async () => {
    const { outbox, writes, onEnd } = outboxOf(3);
    const pending = outbox.next();
    outbox.finish('{"errors":[]}');
    expect(writes.map((w) => w.resultJson)).toEqual(['{"errors":[]}']);
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(await outbox.next()).toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends once when the client completes it, and writes nothing after', async () => {
    const { outbox, writes, onEnd } = outboxOf(3);
    await outbox.return!();
    await outbox.return!();
    outbox.push('{}');
    expect(writes).toHaveLength(0);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});
