/**
 * An append the log refused because the caller does not own the topic: only
 * a topic's owning domain appends to it, and a record's `producer` header
 * must name that domain. Nothing of the refused append was written.
 */
export class AppendRefusedError extends Error {
  override name = 'AppendRefusedError';

  constructor(
    /** The topic appended to. */
    readonly topic: string,
    /** The domain that owns the topic. */
    readonly owner: string,
    /** Who tried: the log's principal, or the producer a record names. */
    readonly caller: string,
    message: string,
  ) {
    super(message);
  }
}
