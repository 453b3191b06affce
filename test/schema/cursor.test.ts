import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../schema/index.ts';

const isPair = (value: unknown): value is [string, number] => Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';

describe('the cursor codec', () => {
  it('gives back what it encoded, as URL-safe text', () => {
    const cursor = encodeCursor(['plays', 42]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, isPair)).toEqual(['plays', 42]);
  });

  it('writes the same text as the cursors clients already hold (JSON in base64url)', () => {
    const held = Buffer.from(JSON.stringify({ topic: 'plays', positions: { 0: 7 } })).toString('base64url');
    expect(encodeCursor({ topic: 'plays', positions: { 0: 7 } })).toBe(held);
  });

  it.each([
    ['not base64url JSON', 'not-a-cursor'],
    ['JSON of another shape', encodeCursor({ a: 1 })],
    ['an empty text', ''],
  ])('refuses %s', (_what, cursor) => {
    expect(decodeCursor(cursor, isPair)).toBeUndefined();
  });
});
