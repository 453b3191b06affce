import { describe, expect, it } from 'vitest';
import { stringifyOncePerResult } from '../../server/index.ts';
import { createResponseEncoder } from '../../server/encodeResponse.ts';

const answer = () => ({ data: { topCharts: [{ title: 'Blue in Green', plays: 3 }] } });

describe('stringifyOncePerResult: one serialization for the callers of one execution', () => {
  it("writes what Apollo Server's own serialization writes: the result as JSON and a newline", () => {
    const stringify = stringifyOncePerResult();
    const result = { errors: [{ message: 'Subgraph "artists" is unavailable', path: ['topCharts', 0, 'artist'] }], data: { topCharts: [{ artist: null }] }, extensions: { code: 'X' } };
    expect(stringify(result)).toBe(`${JSON.stringify(result)}\n`);
    expect(stringify({ data: null, errors: [{ message: 'no' }] })).toBe('{"data":null,"errors":[{"message":"no"}]}\n');
  });

  it('serializes a data object once: a second caller with it gets the text of the first, even had the object changed since', () => {
    const stringify = stringifyOncePerResult();
    const shared = answer();
    const first = stringify({ data: shared.data });
    shared.data.topCharts[0]!.plays = 4;
    expect(stringify({ data: shared.data })).toBe(first);
    // Another object of the same content is serialized anew.
    expect(stringify({ data: { ...shared.data } })).toContain('"plays":4');
  });

  it("serializes again when a caller's errors or extensions differ from those the data was serialized with", () => {
    const stringify = stringifyOncePerResult();
    const { data } = answer();
    const plain = stringify({ data });
    const timedOut = stringify({ data, errors: [{ message: 'The request ran past its time limit', extensions: { code: 'OPERATION_TIMEOUT' } }] });
    expect(timedOut).toContain('OPERATION_TIMEOUT');
    const warned = stringify({ data, extensions: { warnings: ['deprecated'] } });
    expect(warned).toContain('"extensions":{"warnings":["deprecated"]}');
    expect(JSON.parse(warned).data).toEqual(JSON.parse(plain).data);
    expect(stringify({ data, extensions: { warnings: ['deprecated'] } })).toBe(warned);
  });
});

describe('createResponseEncoder: the bytes of a recent answer reused', () => {
  it('encodes as UTF-8, and gives the same buffer for the same text', () => {
    const encode = createResponseEncoder();
    const text = '{"data":{"title":"Déjà vu ♫"}}\n';
    const bytes = encode(text);
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(encode(text)).toBe(bytes);
    // The same answer made again (not the same string) is the same bytes too.
    expect(encode(JSON.stringify({ data: { title: 'Déjà vu ♫' } }) + '\n')).toBe(bytes);
  });

  it('keeps the last four texts: each of four interleaved answers keeps its bytes, a fifth pushes out the oldest', () => {
    const encode = createResponseEncoder();
    const texts = ['{"data":1}', '{"data":2}', '{"data":3}', '{"data":4}'];
    const first = texts.map(encode);
    expect(texts.map(encode)).toEqual(first);
    texts.forEach((text, index) => expect(encode(text)).toBe(first[index]));
    encode('{"data":5}');
    const again = encode(texts[0]!);
    expect(again).not.toBe(first[0]);
    expect(again.toString()).toBe(texts[0]);
  });
});
