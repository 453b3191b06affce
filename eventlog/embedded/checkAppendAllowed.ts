import { AppendRefusedError } from '../AppendRefusedError.ts';
import { HEADERS, type NewRecord } from '../EventLog.ts';

/**
 * Throws `AppendRefusedError` unless `principal` may append `records` to a
 * topic owned by `owner`: a topic without an owner takes anything; an owned
 * one takes appends only from a log opened by its owner (or by no one: a
 * tool's log), and only records whose `producer` header names the owner: a
 * tool must say whose facts it writes, and may write only the owner's.
 */
export function checkAppendAllowed(topic: string, owner: string | undefined, principal: string | undefined, records: readonly NewRecord[]): void {
  if (owner === undefined || !Array.isArray(records)) return;
  if (principal !== undefined && principal !== owner) {
    throw new AppendRefusedError(
      topic,
      owner,
      principal,
      `append to "${topic}" refused: the topic is owned by "${owner}", not by "${principal}", and only its owner appends to it. Read it instead, or publish a topic of your own.`,
    );
  }
  records.forEach((record, i) => {
    const producer = record?.headers?.[HEADERS.producer];
    if (producer !== owner) {
      throw new AppendRefusedError(
        topic,
        owner,
        producer ?? principal ?? 'an unnamed producer',
        producer === undefined
          ? `record ${i} of an append to "${topic}" has no "${HEADERS.producer}" header: records of a topic owned by "${owner}" must name "${owner}" as their producer.`
          : `record ${i} of an append to "${topic}" names producer "${producer}", but the topic is owned by "${owner}": only "${owner}" produces its records.`,
      );
    }
  });
}
