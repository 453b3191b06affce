import type { LogRecord } from '../../../eventlog/index.ts';
import type { QualityFigures, QualityRule } from '../../../schema/index.ts';
import { decodeRecord, type RejectedRecord } from '../decodeRecord.ts';
import type { RuleCheck } from './RuleCheck.ts';

/** A record held in quarantine, as a checkpoint saves it (the value as base64). */
export interface HeldRecord {
  /** What it waits for, e.g. an episode id. */
  reference: string;
  rule: string;
  reason: string;
  record: Omit<LogRecord, 'value'> & { value: string };
}

export interface QualityGateOptions<T> {
  /** Rules checked on each decoded event, in order; the first one broken decides what becomes of it. */
  checks: readonly RuleCheck<T>[];
  /**
   * The `missingValues` rule of the contract, whose `check.arguments.properties`
   * lists the required fields: a record the decoder rejects while one of them
   * is missing breaks it, and it counts against completeness.
   * @default none: completeness is not measured (always 1)
   */
  completeness?: QualityRule;
  /** The rule a record the decoder rejects breaks otherwise (not JSON, wrong type, unknown version). @default none: the dead letter names no rule */
  conformity?: QualityRule;
  /** Records held in quarantine at most; past it, the oldest is dead-lettered. @default 100_000 */
  maxQuarantined?: number;
}

/** What screening a batch gave: the events to apply, in log order, and the records to dead-letter with the rule each broke. */
export interface Screened<T> {
  events: T[];
  rejected: RejectedRecord[];
}

/** Checks a consumer's input records against its input port's quality rules, and holds the quarantined ones. */
export interface QualityGate<T> {
  /** Decodes and checks newly read records. */
  screen(records: readonly LogRecord[], decode: (record: LogRecord) => T): Screened<T>;
  /** Checks again the records held for `reference` (it appeared), or for every reference `reference` matches: those that pass now are returned to apply. */
  release(reference: string | ((reference: string) => boolean)): Screened<T>;
  figures(): QualityFigures;
  /** The records held in quarantine, for a checkpoint. */
  held(): HeldRecord[];
  /** Holds the records a checkpoint saved; returns those the quarantine has no room for, to dead-letter. */
  restore(held: readonly HeldRecord[], decode: (record: LogRecord) => T): RejectedRecord[];
}

interface Held<T> {
  reference: string;
  rule: string;
  reason: string;
  event: T;
  logRecord: LogRecord;
  /** Released or evicted: no longer held. */
  gone?: boolean;
}

const requiredOf = (rule: QualityRule | undefined): readonly string[] => {
  const properties = rule?.check.type === 'library' ? rule.check.arguments?.['properties'] : undefined;
  return Array.isArray(properties) ? properties.filter((p): p is string => typeof p === 'string') : [];
};

/** Whether a rejected record misses one of the required fields (it is parsed again: rejections are rare). */
function missesAField(record: LogRecord, required: readonly string[]): boolean {
  if (required.length === 0) return false;
  try {
    const value: unknown = JSON.parse(record.value.toString('utf8'));
    if (typeof value !== 'object' || value === null) return true;
    return required.some((name) => (value as Record<string, unknown>)[name] === undefined || (value as Record<string, unknown>)[name] === null || (value as Record<string, unknown>)[name] === '');
  } catch {
    return true;
  }
}

/**
 * A quality gate for one input port: each record is decoded, then checked
 * rule by rule. A record that breaks a `deadLetter` rule is returned as
 * rejected with the rule's name, for the dead-letter topic; one that breaks a
 * `quarantine` rule is held (bounded by `maxQuarantined`) until `release`
 * names what it waits for. Measures validity (records counted / records
 * checked), completeness and violations per rule, since start.
 */
export function createQualityGate<T>(options: QualityGateOptions<T>): QualityGate<T> {
  const { checks, completeness, conformity, maxQuarantined = 100_000 } = options;
  const required = requiredOf(completeness);
  const quarantine = new Map<string, Held<T>[]>();
  let heldCount = 0;
  // Every held record in arrival order, for eviction; `head` is the oldest that may still be held.
  let order: Held<T>[] = [];
  let head = 0;
  // Released and evicted records leave `order` in bulk, once they outnumber those held.
  const compact = () => {
    if (order.length - head <= 2 * heldCount + 1_024) return;
    order = order.slice(head).filter((held) => !held.gone);
    head = 0;
  };
  const counts = { checked: 0, valid: 0, incomplete: 0 };
  const violations = new Map<string, number>();
  const broke = (rule: string) => violations.set(rule, (violations.get(rule) ?? 0) + 1);

  const hold = (held: Held<T>, out: Screened<T>) => {
    const list = quarantine.get(held.reference) ?? [];
    list.push(held);
    quarantine.set(held.reference, list);
    heldCount++;
    order.push(held);
    if (heldCount <= maxQuarantined) return;
    // Full: the oldest record still held leaves as a dead letter.
    while (order[head]!.gone) head++;
    const evicted = order[head++]!;
    evicted.gone = true;
    const siblings = quarantine.get(evicted.reference)!;
    siblings.splice(siblings.indexOf(evicted), 1);
    if (siblings.length === 0) quarantine.delete(evicted.reference);
    heldCount--;
    compact();
    out.rejected.push({ record: evicted.logRecord, reason: `${evicted.reason}; the quarantine is full (${maxQuarantined} records)`, rule: evicted.rule });
  };

  const check = (record: LogRecord, event: T, out: Screened<T>) => {
    for (const { rule, test, awaits } of checks) {
      const reason = test(event);
      if (reason === undefined) continue;
      broke(rule.name);
      if (rule.onFail === 'quarantine' && awaits) {
        hold({ reference: awaits(event), rule: rule.name, reason, event, logRecord: record }, out);
      } else {
        out.rejected.push({ record, reason, rule: rule.name });
      }
      return;
    }
    for (const { accept } of checks) accept?.(event);
    counts.valid++;
    out.events.push(event);
  };

  return {
    screen(records, decode) {
      const out: Screened<T> = { events: [], rejected: [] };
      counts.checked += records.length;
      for (const record of records) {
        const decoded = decodeRecord(record, decode);
        if (decoded.ok) {
          check(record, decoded.event, out);
          continue;
        }
        const incomplete = missesAField(record, required);
        if (incomplete) counts.incomplete++;
        const rule = incomplete ? completeness : conformity;
        if (rule) broke(rule.name);
        out.rejected.push({ record, reason: decoded.reason, ...(rule ? { rule: rule.name } : {}) });
      }
      return out;
    },
    release(reference) {
      const out: Screened<T> = { events: [], rejected: [] };
      const references = typeof reference === 'string' ? [reference] : [...quarantine.keys()].filter(reference);
      for (const key of references) {
        const held = quarantine.get(key);
        if (!held) continue;
        quarantine.delete(key);
        heldCount -= held.length;
        for (const record of held) record.gone = true;
        for (const { logRecord, event } of held) check(logRecord, event, out);
      }
      compact();
      return out;
    },
    figures() {
      const { checked, valid, incomplete } = counts;
      return {
        checked,
        valid,
        validity: checked === 0 ? 1 : valid / checked,
        completeness: checked === 0 ? 1 : (checked - incomplete) / checked,
        quarantined: heldCount,
        violations: [...violations].map(([rule, count]) => ({ rule, count })),
      };
    },
    held: () =>
      [...quarantine.values()].flat().map(({ reference, rule, reason, logRecord }) => ({ reference, rule, reason, record: { ...logRecord, value: logRecord.value.toString('base64') } })),
    restore(saved, decode) {
      const out: Screened<T> = { events: [], rejected: [] };
      for (const { reference, rule, reason, record } of saved) {
        const logRecord: LogRecord = { ...record, value: Buffer.from(record.value, 'base64') };
        const decoded = decodeRecord(logRecord, decode);
        if (!decoded.ok) continue;
        // Checked in an earlier run, held still: it counts as checked in this one too.
        counts.checked++;
        hold({ reference, rule, reason, event: decoded.event, logRecord }, out);
      }
      return out.rejected;
    },
  };
}
