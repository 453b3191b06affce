import { describe, expect, it } from 'vitest';
import { createBackoff, retry, sleep, type RetryFailure } from '../../common/index.ts';

/** A backoff whose waits are their ceilings halved (random is always 0.5): 50, 100, 200, 400, 400… */
const backoff = createBackoff({ random: () => 0.5 }, { initialDelayMs: 100, maxDelayMs: 800 });

/** A `sleep` that records each wait and returns at once. */
function recordedSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

/** A call that fails `failures` times, then answers `ok`. */
function flaky(failures: number, error: (attempt: number) => unknown = (attempt) => new Error(`try ${attempt} failed`)) {
  const attempts: number[] = [];
  const run = async (attempt: number) => {
    attempts.push(attempt);
    if (attempts.length <= failures) throw error(attempt);
    return 'ok';
  };
  return { attempts, run };
}

describe('retry', () => {
  it('tries again after each failure, waiting as the backoff says, and tells onRetry', async () => {
    const { waits, sleep } = recordedSleep();
    const { attempts, run } = flaky(5);
    const retries: RetryFailure[] = [];
    expect(await retry(run, { backoff, sleep, onRetry: (failure) => retries.push(failure) })).toBe('ok');
    expect(attempts).toEqual([1, 2, 3, 4, 5, 6]);
    expect(waits).toEqual([50, 100, 200, 400, 400]);
    expect(retries.map(({ attempt, delayMs }) => [attempt, delayMs])).toEqual([
      [1, 50],
      [2, 100],
      [3, 200],
      [4, 400],
      [5, 400],
    ]);
    expect((retries[0]!.error as Error).message).toBe('try 1 failed');
  });

  it('a first success neither waits nor tells onRetry', async () => {
    const { waits, sleep } = recordedSleep();
    let told = 0;
    expect(await retry(async () => 42, { backoff, sleep, onRetry: () => told++ })).toBe(42);
    expect(waits).toEqual([]);
    expect(told).toBe(0);
  });

  it('a failure retryOn refuses is thrown at once', async () => {
    const { waits, sleep } = recordedSleep();
    const { attempts, run } = flaky(3, (attempt) => Object.assign(new Error('no'), { fatal: attempt === 2 }));
    await expect(retry(run, { backoff, sleep, retryOn: (error) => !(error as { fatal: boolean }).fatal })).rejects.toMatchObject({ fatal: true });
    expect(attempts).toEqual([1, 2]);
    expect(waits).toEqual([50]);
  });

  it('after maxAttempts tries the last failure is thrown', async () => {
    const { waits, sleep } = recordedSleep();
    const { attempts, run } = flaky(10);
    await expect(retry(run, { backoff, sleep, maxAttempts: 3 })).rejects.toThrow('try 3 failed');
    expect(attempts).toEqual([1, 2, 3]);
    expect(waits).toEqual([50, 100]);
  });

  it('an abort during a wait rejects with its reason and tries no more', async () => {
    const aborter = new AbortController();
    const { attempts, run } = flaky(10);
    const stopped = new Error('the gateway closed');
    const waiting = retry(run, {
      backoff,
      signal: aborter.signal,
      sleep: (ms, signal) => {
        aborter.abort(stopped);
        return sleep(ms, signal);
      },
    });
    await expect(waiting).rejects.toBe(stopped);
    expect(attempts).toEqual([1]);
  });

  it('an abort while a try runs rejects with its reason, not the failure, and neither waits nor tells onRetry', async () => {
    const aborter = new AbortController();
    const stopped = new Error('stop');
    const { waits, sleep } = recordedSleep();
    let told = 0;
    const run = async () => {
      aborter.abort(stopped);
      throw new Error('failed meanwhile');
    };
    await expect(retry(run, { backoff, sleep, signal: aborter.signal, onRetry: () => told++ })).rejects.toBe(stopped);
    expect(waits).toEqual([]);
    expect(told).toBe(0);
  });
});

describe('sleep', () => {
  it('an aborted signal rejects at once, before or during the wait, and leaves no listener behind', async () => {
    const before = new AbortController();
    before.abort(new Error('already'));
    await expect(sleep(60_000, before.signal)).rejects.toThrow('already');

    const during = new AbortController();
    const waiting = sleep(60_000, during.signal);
    during.abort(new Error('now'));
    await expect(waiting).rejects.toThrow('now');

    const calm = new AbortController();
    let listeners = 0;
    const { addEventListener, removeEventListener } = calm.signal;
    calm.signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => (listeners++, addEventListener.apply(calm.signal, args));
    calm.signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => (listeners--, removeEventListener.apply(calm.signal, args));
    await sleep(0, calm.signal);
    expect(listeners).toBe(0);
  });
});
