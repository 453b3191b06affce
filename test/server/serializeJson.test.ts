import { describe, expect, it } from 'vitest';
import { createJsonSerializer } from '../../server/serializeJson.ts';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

/** Values whose JSON has a corner: escapes, non-ASCII, numbers, what JSON skips, what has its own toJSON. */
const CORNERS: Record<string, unknown> = {
  'quotes, backslashes and controls': { text: 'say "hi"\\ \n\t\r\b\f \u0000 \u001f \u007f' },
  'non-ASCII': { title: 'Déjà vu ♫', artist: 'Sigur Rós', emoji: '🎧', cjk: '東京' },
  'lone surrogates': ['\ud800', 'a\udfffb', '\udc00\ud800'],
  numbers: [0, -0, 1, -1.5, 1e21, 1.5e-7, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity],
  'integers written digit by digit, and past them': [9, 10, 99, 100, 12345, 999_999_999, 1e9, 1e9 + 1, 2 ** 31, -7, 0.5, 100.25],
  'strings around the short length': ['a'.repeat(63), 'b'.repeat(64), 'c'.repeat(65), `${'d'.repeat(63)}"`, `${'e'.repeat(63)}é`, `${'f'.repeat(70)}é`, `${'g'.repeat(70)}\n`],
  'short strings with one unit to escape or encode': ['"', '\\', '\n', '\u007f', 'ÿ', 'Ā', '\ud83c\udfa7', '\ud800', '~', ' '],
  'literals and empties': [true, false, null, {}, [], '', [[]], { a: {} }],
  'what JSON skips': { a: undefined, b: () => 1, c: Symbol('s'), d: 1, list: [undefined, () => 1, Symbol('s'), 2] },
  'only skipped properties': { a: undefined, b: () => 1 },
  'keys as JSON orders them': { b: 1, 2: 'two', a: 2, 1: 'one', 'with "quote"': 3, 'é': 4, '': 5 },
  'toJSON and classes': { at: new Date(Date.UTC(2026, 11, 1)), point: new Point(1, 2), custom: { toJSON: () => ({ shown: true }) }, gone: { toJSON: () => undefined } },
  'boxed values and collections': [Object(1), Object('s'), Object(true), new Map([[1, 2]]), new Set([1])],
  'no prototype': Object.assign(Object.create(null) as object, { id: 'x1', n: 1 }),
  'a GraphQL answer': {
    errors: [{ message: 'Subgraph "artists" is unavailable', path: ['topCharts', 0, 'artist'], extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
    data: { topCharts: [{ __typename: 'Track', id: 't1', title: 'Blue in Green', plays: 3, artist: null }] },
  },
};

describe('createJsonSerializer: JSON straight to bytes', () => {
  for (const [name, value] of Object.entries(CORNERS)) {
    it(`writes ${name} byte for byte as JSON.stringify does`, () => {
      const serialize = createJsonSerializer();
      const expected = Buffer.from(`${JSON.stringify(value)}\n`);
      const { bytes, ascii } = serialize(value, '\n');
      expect(bytes.toString()).toBe(expected.toString());
      expect(bytes.equals(expected)).toBe(true);
      expect(ascii).toBe(expected.length === `${JSON.stringify(value)}\n`.length);
    });
  }

  it('reuses its buffer: a small value after a large one, and one past its room, come out whole', () => {
    const serialize = createJsonSerializer();
    const large = { rows: Array.from({ length: 20_000 }, (_, i) => ({ id: `row-${i}`, body: 'x'.repeat(i % 300), n: i })) };
    const huge = { text: 'é'.repeat(1_500_000) };
    for (const value of [large, { small: true }, huge, { small: 'again' }, large]) {
      expect(serialize(value).bytes.equals(Buffer.from(JSON.stringify(value)))).toBe(true);
    }
    expect(serialize({ small: true }).ascii).toBe(true);
    expect(serialize(huge).ascii).toBe(false);
  });

  it('fails as JSON.stringify does on a BigInt or a cycle', () => {
    const serialize = createJsonSerializer();
    expect(() => serialize({ n: 1n })).toThrow(/BigInt/);
    const cycle: Record<string, unknown> = { id: 1 };
    cycle['self'] = cycle;
    expect(() => serialize({ data: cycle })).toThrow(/circular/);
    // Nothing of a failed value stays behind.
    expect(serialize({ after: 1 }).bytes.toString()).toBe('{"after":1}');
  });
});
