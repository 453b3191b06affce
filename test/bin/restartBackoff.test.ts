import { describe, expect, it } from 'vitest';
import { createRestartBackoff } from '../../bin/createRestartBackoff.ts';

describe("the supervisor's restart backoff", () => {
  /** A service's restarts on a clock the test moves, with the waits' ceilings (no jitter). */
  function service() {
    let clock = 0;
    const restarts = createRestartBackoff({ backoff: { jitter: 'none' }, healthyAfterMs: 60_000, now: () => clock });
    return { restarts, advance: (ms: number) => (clock += ms) };
  }

  it('waits longer after each crash in a row, up to 30 s', () => {
    const { restarts, advance } = service();
    const waits = Array.from({ length: 7 }, () => {
      restarts.ready();
      advance(5_000);
      return restarts.exited();
    });
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('starts from the first wait again once the service ran healthily for a minute', () => {
    const { restarts, advance } = service();
    for (let crash = 0; crash < 5; crash++) restarts.exited();
    expect(restarts.exited()).toBe(30_000);

    restarts.ready();
    advance(60_000);
    expect(restarts.exited()).toBe(1_000);
    // A crash before it was ready again is one more in a row.
    expect(restarts.exited()).toBe(2_000);
  });
});
