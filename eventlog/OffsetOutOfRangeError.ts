/**
 * A reader was asked to start past the end of a partition: at an offset the
 * log has not written (yet). The position came from another log, or the log
 * lost records or was replaced since it was taken. The log never moves such a
 * position back on its own: records appended later would take offsets the
 * caller believes it has seen.
 */
export class OffsetOutOfRangeError extends Error {
  override name = 'OffsetOutOfRangeError';

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The offset asked for. */
    readonly offset: number,
    /** The partition's end offset (the next one it will write). */
    readonly end: number,
  ) {
    super(
      `cannot start reading "${topic}" partition ${partition} at offset ${offset}: the partition ends at offset ${end}. ` +
        'The position is not one of this log, or the log lost records or was replaced since it was taken; start from a position the log gave.',
    );
  }
}
