/**
 * A wake-up call that is never lost: `notify` before `wait` makes the next
 * `wait` return at once. A loop checks for work, then waits, then checks again.
 */
export class Signal {
  private pending = false;
  private wake: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        this.pending = false;
        resolve();
      };
    });
  }
}
