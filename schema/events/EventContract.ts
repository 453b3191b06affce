/** The type of one field of an event: a JSON type, an ISO-8601 date-time, or one of a set of strings. */
export type EventFieldType = 'string' | 'integer' | 'number' | 'boolean' | 'dateTime' | { readonly enum: readonly string[] };

/** One field of an event, as its contract promises it. */
export interface EventFieldContract {
  readonly type: EventFieldType;
  /** Whether every event has it. @default true */
  readonly required?: boolean;
}

/**
 * The shape of the events on a topic, as their producer promises it in the
 * topic's output port (`contract`): what consumers may rely on. Consumers
 * check the `schema-version` header and reject versions they do not know,
 * and reject values outside a field's type or enum (`fieldsOf`), so removing
 * a field, making it optional, changing its type, adding an enum value or
 * changing the version breaks them.
 */
export interface EventContract {
  /** The event's name, e.g. `PlayEvent`. */
  readonly name: string;
  /** The `schema-version` header its records carry. */
  readonly version: string;
  readonly fields: Readonly<Record<string, EventFieldContract>>;
}
