/**
 * How long a polite close may wait for peers to answer before they are cut
 * off. A peer that is alive answers a WebSocket close frame within a round
 * trip; one that is frozen, gone or malicious never does, and `ws` would give
 * it 30 s before destroying its socket, holding up every shutdown behind it.
 */
export const CLOSE_GRACE_MS = 1_000;

const LATE = Symbol('late');

/**
 * Waits for `closing` (a polite close: goodbyes sent, answers awaited) at
 * most `graceMs`; then calls `force` to cut off whatever has not answered and
 * waits for `closing` to end, which it now does without the peers. A failure
 * of `closing` within the grace period is thrown; one after `force` is the
 * forced end itself and is not.
 */
export async function closeWithin(closing: Promise<unknown> | void, force: () => void, graceMs = CLOSE_GRACE_MS): Promise<void> {
  const polite = Promise.resolve(closing);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(resolve, graceMs, LATE)));
  try {
    if ((await Promise.race([polite, late])) !== LATE) return;
  } finally {
    clearTimeout(timer);
  }
  force();
  await polite.catch(() => {});
}
