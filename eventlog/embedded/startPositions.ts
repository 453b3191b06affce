import type { Logger } from '../../logger/index.ts';
import type { StartFrom } from '../EventLog.ts';
import { OffsetOutOfRangeError } from '../OffsetOutOfRangeError.ts';
import type { Topic } from './Topic.ts';

/**
 * Where a new reader starts in each partition: `from` when given, else the
 * group's committed offsets, else the earliest. A position past the end (a
 * commit from before a crash that lost unsynced records, a cursor of another
 * log) throws `OffsetOutOfRangeError`: moving it back would hand the caller
 * offsets it believes it has seen, and reuse them for new records. A
 * position before the earliest offset (records deleted by retention) starts
 * at the earliest, with a warning when it was asked for, as Kafka's
 * `auto.offset.reset=earliest` does.
 */
export function startPositions(topic: Topic, from: StartFrom | undefined, committed: Record<number, number> | undefined, logger: Logger): number[] {
  const ends = topic.endOffsets();
  return ends.map((end, partition) => {
    const position = requested(topic, partition, end, from, committed);
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new Error(`cannot start reading "${topic.name}" partition ${partition} at offset ${position}: offsets are whole numbers from 0`);
    }
    const earliest = topic.file(partition).earliestOffset;
    if (position < earliest) {
      const asked = from ? from.kind === 'offsets' && from.offsets[partition] !== undefined : committed?.[partition] !== undefined;
      if (asked) logger.warn('start offset was deleted by retention; starting at the earliest offset', { topic: topic.name, partition, offset: position, earliest });
      return earliest;
    }
    if (position <= end) return position;
    throw new OffsetOutOfRangeError(topic.name, partition, position, end);
  });
}

function requested(topic: Topic, partition: number, end: number, from: StartFrom | undefined, committed: Record<number, number> | undefined): number {
  if (!from) return committed?.[partition] ?? 0;
  switch (from.kind) {
    case 'earliest':
      return topic.file(partition).earliestOffset;
    case 'latest':
      return end;
    case 'timestamp':
      return topic.file(partition).offsetForTimestamp(from.timestamp);
    case 'offsets':
      return from.offsets[partition] ?? 0;
    default:
      throw new Error(`unknown start position ${JSON.stringify(from)}: use earliest, latest, timestamp or offsets`);
  }
}
