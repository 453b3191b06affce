import { Component } from 'preact';
import type { ReceivedEvent } from '../graph/subscribe.ts';
import { EventCell } from './EventCell.tsx';
import { eventCell } from './eventCells.ts';
import type { StreamShape } from './streamShape.ts';

interface EventRowProps {
  shape: StreamShape;
  event: ReceivedEvent<Record<string, unknown>>;
}

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false });

/**
 * One event: when it came, and its fields. An event never changes, so a row
 * renders once: a burst of events redraws only the rows that are new.
 */
export class EventRow extends Component<EventRowProps> {
  override shouldComponentUpdate(next: EventRowProps): boolean {
    return next.event !== this.props.event || next.shape !== this.props.shape;
  }

  override render({ shape, event }: EventRowProps) {
    return (
      <tr data-sequence={event.sequence}>
        <th scope="row">{time(event.receivedAt)}</th>
        {shape.columns.map((column) => (
          <EventCell key={column.label} cell={eventCell(event, shape.field, column)} />
        ))}
      </tr>
    );
  }
}
