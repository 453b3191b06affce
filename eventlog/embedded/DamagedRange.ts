import type { SegmentDamage } from './scanFrames.ts';

/**
 * Bytes of a segment file that hold no readable record, with valid records
 * after them: corruption, not a torn write. Readers skip them; the offsets
 * they held are lost but never used again; `meshgraph log repair` moves the
 * bytes aside.
 */
export interface DamagedRange extends SegmentDamage {
  topic: string;
  partition: number;
  /** The segment file. */
  file: string;
}
