import type { ReceivedEvent } from '../graph/subscribe.ts';
import { EventRow } from './EventRow.tsx';
import type { StreamShape } from './streamShape.ts';

/** The events of one stream, newest first: when each came, and its fields. */
export function EventTable({ shape, events, caption }: { shape: StreamShape; events: readonly ReceivedEvent<Record<string, unknown>>[]; caption: string }) {
  return (
    <div class="live-table" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">received</th>
            {shape.columns.map((column) => (
              <th scope="col" key={column.label}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <EventRow key={event.sequence} shape={shape} event={event} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
