interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted while a flush is in flight wait and are then
 * flushed together, so N concurrent appends cost about two fsync rounds, not
 * N. One flush runs at a time, in submission order.
 */
export class GroupCommitter<I, O> {
  private queue: Array<Waiting<I, O>> = [];
  private running: Promise<void> | undefined;
  /** Flushes run so far. */
  rounds = 0;
  /** Items flushed so far. */
  items = 0;

  /** `flush` gets the waiting items in order and returns one result per item. */
  constructor(private readonly flush: (items: I[]) => Promise<O[]>) {}

  /** Queues `item`; resolves with its result once the flush that took it finished. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves once everything submitted so far has been flushed (or failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      this.rounds++;
      this.items += batch.length;
      try {
        const results = await this.flush(batch.map((waiting) => waiting.item));
        batch.forEach((waiting, i) => waiting.resolve(results[i]!));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.running = undefined;
  }
}
