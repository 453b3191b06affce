import { describe, expect, it } from 'vitest';
import { createResponseBytes } from '../../server/index.ts';

/** What Apollo Server's `executeHTTPGraphQLRequest` resolves, the body written by `stringify`. */
const complete = (string: string) => ({ status: 200, body: { kind: 'complete' as const, string } });

const answer = () => ({ data: { topCharts: [{ title: 'Déjà vu', plays: 3 }] } });

describe('createResponseBytes: answers as bytes, serialized once per shared result', () => {
  it("outside capture, writes what Apollo Server's own serialization writes", () => {
    const { stringifyResult } = createResponseBytes();
    const result = { errors: [{ message: 'no', path: ['a'] }], data: { a: null }, extensions: { code: 'X' } };
    expect(stringifyResult(result)).toBe(`${JSON.stringify(result)}\n`);
  });

  it('inside capture, gives the bytes of that text, the string Apollo Server got being only a marker', async () => {
    const { stringifyResult, capture } = createResponseBytes();
    const result = answer();
    const { value, bytes } = await capture(async () => complete(stringifyResult(result)));
    expect(bytes?.equals(Buffer.from(`${JSON.stringify(result)}\n`))).toBe(true);
    expect(value.body.string).not.toContain('topCharts');
  });

  it('gives callers of one shared data object the same bytes, serialized once, until their errors or extensions differ', async () => {
    const { stringifyResult, capture } = createResponseBytes();
    const { data } = answer();
    const send = async (result: Parameters<typeof stringifyResult>[0]) => (await capture(async () => complete(stringifyResult(result)))).bytes!;
    const first = await send({ data });
    data.topCharts[0]!.plays = 4;
    expect(await send({ data })).toBe(first);
    const timedOut = await send({ data, errors: [{ message: 'The request ran past its time limit', extensions: { code: 'OPERATION_TIMEOUT' } }] });
    expect(timedOut.toString()).toContain('OPERATION_TIMEOUT');
    expect(timedOut.toString()).toContain('"plays":4');
    expect(await send({ data: { ...data } })).not.toBe(first);
  });

  it('leaves other bodies to be encoded (a page, a stream), and refuses a batch rather than send markers', async () => {
    const { stringifyResult, capture } = createResponseBytes();
    expect((await capture(async () => complete('<!DOCTYPE html>'))).bytes).toBeUndefined();
    expect((await capture(async () => ({ body: { kind: 'chunked' } }))).bytes).toBeUndefined();
    await expect(capture(async () => complete(`[${stringifyResult(answer())},${stringifyResult(answer())}]`))).rejects.toThrow(/batch/);
  });
});
