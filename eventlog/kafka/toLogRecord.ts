import type { KafkaMessage } from 'kafkajs';
import type { LogRecord } from '../EventLog.ts';

/** A kafkajs message as a `LogRecord`: string headers, a Buffer value (empty for a tombstone), numeric offset and time. */
export function toLogRecord(topic: string, partition: number, message: KafkaMessage): LogRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value ?? Buffer.alloc(0),
    headers,
    timestamp: Number(message.timestamp),
  };
}
