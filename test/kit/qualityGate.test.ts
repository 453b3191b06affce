import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../eventlog/index.ts';
import type { QualityRule } from '../../schema/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import { createQualityGate, uniqueValues, type RuleCheck } from '../../subgraphs/kit/index.ts';

/** A sale: an id, a shop it must refer to, an amount that must not be negative. */
interface Sale {
  id: string;
  shop: string;
  amount: number;
}

const rule = (name: string, onFail: QualityRule['onFail'], dimension: QualityRule['dimension'] = 'consistency'): QualityRule => ({
  name,
  description: name,
  object: 'sales',
  dimension,
  onFail,
  check: { type: 'custom', engine: 'meshgraph', implementation: name },
});
const REQUIRED = { ...rule('sale-required-fields', 'deadLetter', 'completeness'), check: { type: 'library', metric: 'missingValues', arguments: { properties: ['id', 'shop', 'amount'] }, mustBe: 0 } } as const satisfies QualityRule;
const WELL_FORMED = rule('sale-well-formed', 'deadLetter', 'conformity');

const decodeSale = (record: LogRecord): Sale => {
  const value = JSON.parse(record.value.toString()) as Partial<Sale>;
  if (typeof value.id !== 'string' || typeof value.shop !== 'string' || typeof value.amount !== 'number') throw new EventRejected('not a sale');
  return value as Sale;
};

let offset = 0;
const recordOf = (value: object): LogRecord => ({ topic: 'sales', partition: 0, offset: offset++, key: null, value: Buffer.from(JSON.stringify(value)), headers: {}, timestamp: 0 });

/** A gate whose shops are those of `shops`, which a test may add to. */
function salesGate(shops: Set<string>, maxQuarantined?: number) {
  const checks: RuleCheck<Sale>[] = [
    { rule: rule('sale-shop-known', 'quarantine'), test: (s) => (shops.has(s.shop) ? undefined : `shop "${s.shop}" is unknown`), awaits: (s) => s.shop },
    { rule: rule('sale-amount-positive', 'deadLetter', 'accuracy'), test: (s) => (s.amount >= 0 ? undefined : `amount ${s.amount} is negative`) },
    uniqueValues<Sale>({ ...rule('sale-id-unique', 'deadLetter', 'uniqueness'), property: 'id' }, (s) => s.id, 3),
  ];
  return createQualityGate<Sale>({ checks, completeness: REQUIRED, conformity: WELL_FORMED, ...(maxQuarantined ? { maxQuarantined } : {}) });
}

describe('a quality gate checks each record of an input port against its contract\'s rules', () => {
  it('passes good records, dead-letters bad ones with the rule named, and measures validity and completeness', () => {
    const gate = salesGate(new Set(['s-1']));
    const { events, rejected } = gate.screen(
      [
        recordOf({ id: 'a', shop: 's-1', amount: 5 }),
        recordOf({ id: 'b', shop: 's-1', amount: -1 }),
        recordOf({ id: 'a', shop: 's-1', amount: 5 }),
        recordOf({ id: 'c', amount: 5 }),
        recordOf({ id: 'd', shop: 's-1', amount: 'five' }),
      ],
      decodeSale,
    );
    expect(events.map((s) => s.id)).toEqual(['a']);
    expect(rejected.map(({ rule: broken, reason }) => [broken, reason])).toEqual([
      ['sale-amount-positive', 'amount -1 is negative'],
      ['sale-id-unique', 'id "a" was already counted'],
      ['sale-required-fields', 'not a sale'],
      ['sale-well-formed', 'not a sale'],
    ]);
    expect(gate.figures()).toEqual({
      checked: 5,
      valid: 1,
      validity: 0.2,
      completeness: 0.8,
      quarantined: 0,
      violations: [
        { rule: 'sale-amount-positive', count: 1 },
        { rule: 'sale-id-unique', count: 1 },
        { rule: 'sale-required-fields', count: 1 },
        { rule: 'sale-well-formed', count: 1 },
      ],
    });
  });

  it('holds a record whose reference is unknown, and passes it once released: validity rises with it', () => {
    const shops = new Set<string>();
    const gate = salesGate(shops);
    expect(gate.screen([recordOf({ id: 'a', shop: 's-2', amount: 1 }), recordOf({ id: 'b', shop: 's-2', amount: -1 })], decodeSale)).toEqual({ events: [], rejected: [] });
    expect(gate.figures()).toMatchObject({ checked: 2, valid: 0, validity: 0, quarantined: 2, violations: [{ rule: 'sale-shop-known', count: 2 }] });
    expect(gate.release('s-2')).toEqual({ events: [], rejected: [] });
    shops.add('s-2');
    const released = gate.release('s-2');
    expect(released.events.map((s) => s.id)).toEqual(['a']);
    // Checked again on release: the other rules still apply.
    expect(released.rejected.map((r) => r.rule)).toEqual(['sale-amount-positive']);
    expect(gate.figures()).toMatchObject({ checked: 2, valid: 1, validity: 0.5, quarantined: 0 });
  });

  it('a full quarantine dead-letters its oldest record; a checkpoint of the quarantine is held again after a restart', () => {
    const gate = salesGate(new Set(), 2);
    const { rejected } = gate.screen(['a', 'b', 'c'].map((id) => recordOf({ id, shop: `s-${id}`, amount: 1 })), decodeSale);
    expect(rejected.map((r) => [r.rule, r.reason])).toEqual([['sale-shop-known', 'shop "s-a" is unknown; the quarantine is full (2 records)']]);
    const saved = JSON.parse(JSON.stringify(gate.held())) as ReturnType<typeof gate.held>;
    expect(saved.map((h) => h.reference)).toEqual(['s-b', 's-c']);

    const shops = new Set<string>();
    const restarted = salesGate(shops);
    expect(restarted.restore(saved, decodeSale)).toEqual([]);
    expect(restarted.figures()).toMatchObject({ quarantined: 2 });
    shops.add('s-c');
    expect(restarted.release('s-c').events).toEqual([{ id: 'c', shop: 's-c', amount: 1 }]);
  });

  it('uniqueness remembers only its window of most recent values, and its snapshot restores them', () => {
    const unique = uniqueValues<Sale>({ ...rule('sale-id-unique', 'deadLetter', 'uniqueness'), property: 'id' }, (s) => s.id, 2);
    for (const id of ['a', 'b', 'c']) unique.accept!({ id, shop: 's', amount: 1 });
    expect(unique.snapshot()).toEqual(['b', 'c']);
    expect(unique.test({ id: 'a', shop: 's', amount: 1 })).toBeUndefined();
    const again = uniqueValues<Sale>(unique.rule, (s) => s.id, 2);
    again.restore(unique.snapshot());
    expect(again.test({ id: 'c', shop: 's', amount: 1 })).toBe('id "c" was already counted');
  });
});
