import { describe, expect, it } from 'vitest';
import { negotiateMediaType, parseAccept } from '../../server/index.ts';

const GRAPHQL = ['application/json', 'application/graphql-response+json'] as const;
const pick = <T extends string>(accept: string | undefined, offers: readonly T[]) => negotiateMediaType(parseAccept(accept), offers);

describe('parseAccept', () => {
  it('reads types, parameters and weights, case-insensitively, in header order', () => {
    expect(parseAccept('Text/HTML;Level=1;q=0.5, application/*;q=0.25 , */*')).toEqual([
      { type: 'text', subtype: 'html', params: { level: '1' }, q: 0.5 },
      { type: 'application', subtype: '*', params: {}, q: 0.25 },
      { type: '*', subtype: '*', params: {}, q: 1 },
    ]);
  });

  it('no header, or an empty one, accepts anything', () => {
    expect(parseAccept(undefined)).toEqual([{ type: '*', subtype: '*', params: {}, q: 1 }]);
    expect(parseAccept(null)).toEqual(parseAccept(''));
    expect(parseAccept('  ')).toEqual(parseAccept(undefined));
  });

  it('unquotes values, even with commas and semicolons inside the quotes', () => {
    expect(parseAccept('application/yaml; profile="odcs"')[0]!.params).toEqual({ profile: 'odcs' });
    expect(parseAccept('text/plain; note="a, b; c", text/html')).toEqual([
      { type: 'text', subtype: 'plain', params: { note: 'a, b; c' }, q: 1 },
      { type: 'text', subtype: 'html', params: {}, q: 1 },
    ]);
  });

  it('leaves out ranges that do not parse; a q that is not a qvalue is "not acceptable"; parameters after q are extensions', () => {
    expect(parseAccept('nonsense, /json, text/, */html, a/b/c, , text/html')).toEqual([{ type: 'text', subtype: 'html', params: {}, q: 1 }]);
    expect(parseAccept('text/html;q=2, text/plain;q=abc, text/csv;q=0.1234').map((r) => r.q)).toEqual([0, 0, 0]);
    expect(parseAccept('text/html;q=1.000, text/plain;q=0.125')).toMatchObject([{ q: 1 }, { q: 0.125 }]);
    expect(parseAccept('text/html;q=0.5;ext=1')[0]!.params).toEqual({});
  });
});

describe('negotiateMediaType', () => {
  it('no Accept header: the first offer', () => {
    expect(pick(undefined, GRAPHQL)).toBe('application/json');
  });

  it('the offer with the highest weight wins', () => {
    expect(pick('application/graphql-response+json', GRAPHQL)).toBe('application/graphql-response+json');
    expect(pick('application/json;q=0.9, application/graphql-response+json', GRAPHQL)).toBe('application/graphql-response+json');
    expect(pick('application/graphql-response+json;q=0.5, application/json', GRAPHQL)).toBe('application/json');
  });

  it('q=0 means not acceptable: a client may refuse what it names', () => {
    expect(pick('application/graphql-response+json;q=0, */*', GRAPHQL)).toBe('application/json');
    expect(pick('application/json;q=0, application/graphql-response+json;q=0', GRAPHQL)).toBeUndefined();
  });

  it('nothing acceptable: undefined', () => {
    expect(pick('text/html', GRAPHQL)).toBeUndefined();
    expect(pick('', [])).toBeUndefined();
  });

  it('wildcards match any subtype or any type; the most specific range that matches sets the weight', () => {
    expect(pick('*/*', GRAPHQL)).toBe('application/json');
    expect(pick('application/*', ['text/html', 'application/xml'])).toBe('application/xml');
    expect(pick('text/*;q=0, text/html', ['text/plain', 'text/html'])).toBe('text/html');
    expect(pick('text/*, text/plain;q=0', ['text/plain', 'text/csv'])).toBe('text/csv');
    expect(pick('*/*;q=0.1, application/json;q=0.5, application/graphql-response+json', GRAPHQL)).toBe('application/graphql-response+json');
  });

  it("a range's parameters must all be on the offer; a range without them matches an offer with any", () => {
    const yaml = ['application/yaml; profile=odps', 'application/yaml; profile=odcs'] as const;
    expect(pick('application/yaml; profile=odcs', yaml)).toBe('application/yaml; profile=odcs');
    expect(pick('application/yaml;profile="ODPS"', yaml)).toBe('application/yaml; profile=odps');
    expect(pick('application/yaml', yaml)).toBe('application/yaml; profile=odps');
    expect(pick('application/yaml; profile=dcat', yaml)).toBeUndefined();
    expect(pick('application/yaml; profile=odcs, application/yaml;q=0.5', yaml)).toBe('application/yaml; profile=odcs');
  });

  it('on equal weights: the more specific range, then the range written first, then the offer listed first', () => {
    expect(pick('*/*, application/graphql-response+json', GRAPHQL)).toBe('application/graphql-response+json');
    expect(pick('application/graphql-response+json, application/json', GRAPHQL)).toBe('application/graphql-response+json');
    expect(pick('application/json, application/graphql-response+json', GRAPHQL)).toBe('application/json');
    expect(pick('application/*', GRAPHQL)).toBe('application/json');
  });

  it('an offer that is not a media type is a caller mistake', () => {
    expect(() => pick('*/*', ['json'])).toThrow(/"json" is not a media type/);
  });
});
