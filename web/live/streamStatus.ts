import { ConnectionClosedError, TOKEN_REFUSED_CLOSE, type SubscriptionState } from '../graph/subscribe.ts';
import type { StreamShapeState } from './useStreamShape.ts';

/** Where watching one port stands, as its status line tells it. */
export type StreamStatus =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'unreadable'; message: string }
  | { kind: 'watching'; reconnecting: boolean }
  | { kind: 'stopped' }
  /** The gateway answered with errors and no data, and ended the stream: refused at the start (FORBIDDEN), or later (a retired product). */
  | { kind: 'refused'; code: string | undefined; message: string; afterEvents: boolean }
  /** The connection failed and retrying did not bring it back, or the gateway sent an error message. */
  | { kind: 'failed'; message: string; tokenRefused: boolean }
  | { kind: 'ended' };

/** The stream's last answer when it carries errors and no data: why the gateway ended it. */
export function refusalOf<T>(subscription: SubscriptionState<T>) {
  const last = subscription.events[0];
  return subscription.done && last && !last.data && last.errors?.length ? last : undefined;
}

/** The status from what the viewer asked (`attempt`s so far, `watching` now), the port's shape, and the subscription. */
export function streamStatus<T>(attempt: number, watching: boolean, shape: StreamShapeState, subscription: SubscriptionState<T>): StreamStatus {
  if (attempt === 0) return { kind: 'idle' };
  if (shape.error) return { kind: 'unreadable', message: shape.error.message };
  if (!shape.shape) return { kind: 'reading' };
  const refusal = refusalOf(subscription);
  if (refusal) {
    const code = refusal.errors![0]!.extensions?.['code'];
    return { kind: 'refused', code: typeof code === 'string' ? code : undefined, message: refusal.errors!.map((e) => e.message).join(' '), afterEvents: subscription.received > 1 };
  }
  if (subscription.error) {
    const { error } = subscription;
    return { kind: 'failed', message: error.message, tokenRefused: error instanceof ConnectionClosedError && error.code === TOKEN_REFUSED_CLOSE };
  }
  if (subscription.done) return { kind: 'ended' };
  return watching ? { kind: 'watching', reconnecting: subscription.reconnecting } : { kind: 'stopped' };
}
