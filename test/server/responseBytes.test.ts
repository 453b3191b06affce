import { describe, expect, it } from 'vitest';
import { createResponseBytes } from '../../server/index.ts';

const answer = () => ({ data: { topCharts: [{ title: 'Déjà vu', plays: 3 }] } });

/** What Apollo Server's own serialization writes for a result. */
const asApolloWrites = (result: unknown) => `${JSON.stringify(result)}\n`;

describe('createResponseBytes: answers as bytes, serialized once per shared result', () => {
  it('gives the bytes of the text Apollo Server would have written, the string it got being only a marker, taken once', () => {
    const { stringifyResult, take } = createResponseBytes();
    const result = { errors: [{ message: 'no', path: ['a'] }], data: { a: null }, extensions: { code: 'X' } };
    const marker = stringifyResult(result);
    expect(marker).not.toContain('"a"');
    expect(take(marker)?.equals(Buffer.from(asApolloWrites(result)))).toBe(true);
    expect(() => take(marker)).toThrow(/taken twice/);
  });

  it('keeps concurrent answers apart, whatever order they are taken in', () => {
    const { stringifyResult, take } = createResponseBytes();
    const results = Array.from({ length: 5 }, (_, plays) => ({ data: { plays } }));
    const markers = results.map((result) => stringifyResult(result));
    for (const index of [3, 0, 4, 1, 2]) expect(take(markers[index]!)?.toString()).toBe(asApolloWrites(results[index]));
  });

  it('gives callers of one shared data object the same bytes, serialized once, until their errors or extensions differ', () => {
    const { stringifyResult, take } = createResponseBytes();
    const { data } = answer();
    const send = (result: Parameters<typeof stringifyResult>[0]) => take(stringifyResult(result))!;
    const first = send({ data });
    data.topCharts[0]!.plays = 4;
    expect(send({ data })).toBe(first);
    const timedOut = send({ data, errors: [{ message: 'The request ran past its time limit', extensions: { code: 'OPERATION_TIMEOUT' } }] });
    expect(timedOut.toString()).toContain('OPERATION_TIMEOUT');
    expect(timedOut.toString()).toContain('"plays":4');
    expect(send({ data: { ...data } })).not.toBe(first);
  });

  it("writes a batch as Apollo Server joins its answers' texts, and leaves bodies without markers to be encoded", () => {
    const { stringifyResult, take } = createResponseBytes();
    const [one, two] = [answer(), { errors: [{ message: 'no' }] }];
    expect(take(`[${stringifyResult(one)},${stringifyResult(two)}]`)?.toString()).toBe(`[${asApolloWrites(one)},${asApolloWrites(two)}]`);
    expect(take('<!DOCTYPE html>')).toBeUndefined();
    expect(take('{"data":{}}\n')).toBeUndefined();
  });

  it('drops the oldest answers never taken beyond its bound, rather than grow', () => {
    const { stringifyResult, take } = createResponseBytes();
    const first = stringifyResult(answer());
    for (let i = 0; i < 10_000; i++) stringifyResult({ data: { i } });
    const last = stringifyResult({ data: { last: true } });
    expect(() => take(first)).toThrow(/dropped/);
    expect(take(last)?.toString()).toBe(asApolloWrites({ data: { last: true } }));
  });
});
