import { useEffect, useState } from 'preact/hooks';
import { useSubscription } from '../graph/subscribe.ts';
import type { ProductDetails } from '../product/productQueries.ts';
import { EventTable } from './EventTable.tsx';
import { refusalOf, streamStatus, type StreamStatus } from './streamStatus.ts';
import { useStreamShape } from './useStreamShape.ts';
import './live.css';

/** How many events the preview keeps on screen. */
export const KEEP_EVENTS = 50;

type SubscriptionPort = ProductDetails['outputPorts'][number] & { field: string };

/**
 * Watching one subscription port: Watch subscribes with the viewer's token,
 * events show newest first (the newest 50, with a count of all), Stop ends
 * it. A stream the gateway refuses or ends, or a connection that is lost,
 * says so and offers to watch again.
 */
export function LivePreview({ port }: { port: SubscriptionPort }) {
  // Each Watch is a new attempt; the shape is read at the first.
  const [attempt, setAttempt] = useState(0);
  const [watching, setWatching] = useState(false);
  const shape = useStreamShape(port.field, attempt);
  const subscription = useSubscription<Record<string, unknown>>(shape.shape?.document ?? '', {}, { active: watching && !!shape.shape, keep: KEEP_EVENTS });
  // An ended stream is no longer watched: Watch again starts a new subscription.
  useEffect(() => {
    if (subscription.done || shape.error) setWatching(false);
  }, [subscription.done, shape.error]);
  const status = streamStatus(attempt, watching, shape, subscription);
  const refusal = refusalOf(subscription);
  const events = refusal ? subscription.events.slice(1) : subscription.events;
  const received = refusal ? subscription.received - 1 : subscription.received;
  const headingId = `live-${port.name}`;
  return (
    <div class="live-preview" data-port={port.name} data-status={status.kind}>
      <h3 id={headingId}>
        {port.name} <code>{port.field}</code>
      </h3>
      {port.description ? <p>{port.description}</p> : null}
      <p class="live-controls">
        {watching ? (
          <button type="button" onClick={() => setWatching(false)} aria-describedby={headingId}>
            Stop
          </button>
        ) : (
          <button
            type="button"
            onClick={() => {
              setAttempt(attempt + 1);
              setWatching(true);
            }}
            aria-describedby={headingId}
          >
            {attempt === 0 ? 'Watch' : 'Watch again'}
          </button>
        )}
        <span class="live-count" role="status">
          {attempt === 0 ? '' : `${received} event${received === 1 ? '' : 's'} received${received > KEEP_EVENTS ? `, the newest ${KEEP_EVENTS} shown` : ''}`}
        </span>
      </p>
      <StatusLine status={status} />
      {shape.shape && events.length > 0 ? <EventTable shape={shape.shape} events={events} caption={`Events of ${port.name}, newest first`} /> : null}
    </div>
  );
}

/** What the status says, in words; problems as alerts. */
function StatusLine({ status }: { status: StreamStatus }) {
  switch (status.kind) {
    case 'idle':
      return <p class="live-status">Watch to see events as they happen, with what governance masks for you.</p>;
    case 'reading':
      return <p class="live-status">Reading the stream’s fields…</p>;
    case 'unreadable':
      return (
        <p class="live-status live-problem" role="alert">
          This stream cannot be previewed: {status.message}
        </p>
      );
    case 'watching':
      return status.reconnecting ? (
        <p class="live-status live-problem" role="alert">
          The connection to the gateway was lost; trying again…
        </p>
      ) : (
        <p class="live-status">Watching: new events appear at the top.</p>
      );
    case 'stopped':
      return <p class="live-status">Stopped.</p>;
    case 'refused':
      return (
        <p class="live-status live-problem" role="alert">
          The gateway {status.afterEvents ? 'ended' : 'refused'} the stream{status.code ? ` (${status.code})` : ''}: {status.message}
          {status.code === 'FORBIDDEN' ? ' Sign in (at the top of the page) as a consumer allowed to read it, then watch again.' : ''}
        </p>
      );
    case 'failed':
      return (
        <p class="live-status live-problem" role="alert">
          The stream stopped: {status.message} {status.tokenRefused ? 'The gateway did not accept your token: sign in again.' : 'Is the gateway running?'}
        </p>
      );
    case 'ended':
      return <p class="live-status">The gateway ended the stream: it may have shut down, or the product changed. Watch again to start over.</p>;
    default:
      throw new TypeError(`Unknown status ${JSON.stringify(status satisfies never)}`);
  }
}
