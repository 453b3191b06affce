/** One media range of an `Accept` header (RFC 9110 §12.5.1). */
export interface MediaRange {
  /** The top-level type, lower case; `*` matches any. */
  type: string;
  /** The subtype, lower case; `*` matches any. */
  subtype: string;
  /** Media type parameters (before `q`), names and values lower case, values unquoted. */
  params: Readonly<Record<string, string>>;
  /** The weight, 0 to 1; 0 means "not acceptable". */
  q: number;
}

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** Splits on `separator` outside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && quoted) i++;
    else if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const unquote = (value: string) => (value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value);

/**
 * The media ranges of an `Accept` header, in header order. No header (or an
 * empty one) means any media type (`*\/*`); a range that does not parse is
 * left out; a `q` that is not a qvalue makes its range not acceptable.
 * Parameters after `q` are accept extensions and are left out.
 */
export function parseAccept(header: string | null | undefined): MediaRange[] {
  if (header == null || header.trim() === '') return [{ type: '*', subtype: '*', params: {}, q: 1 }];
  const ranges: MediaRange[] = [];
  for (const entry of splitOutsideQuotes(header, ',')) {
    const [mediaType = '', ...rawParams] = splitOutsideQuotes(entry, ';').map((part) => part.trim());
    const [type = '', subtype = '', extra] = mediaType.toLowerCase().split('/');
    if (!TOKEN.test(type) || !TOKEN.test(subtype) || extra !== undefined || (type === '*' && subtype !== '*')) continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const param of rawParams) {
      const equals = param.indexOf('=');
      if (equals <= 0) continue;
      const name = param.slice(0, equals).trim().toLowerCase();
      const value = unquote(param.slice(equals + 1).trim());
      if (name === 'q') {
        q = QVALUE.test(value) ? Number(value) : 0;
        break;
      }
      params[name] = value.toLowerCase();
    }
    ranges.push({ type, subtype, params, q });
  }
  return ranges;
}

/** How specifically `range` names `offer` (higher is more specific), or -1 when it does not match it. */
function specificity(range: MediaRange, offer: MediaRange): number {
  if (range.type !== '*' && range.type !== offer.type) return -1;
  if (range.subtype !== '*' && range.subtype !== offer.subtype) return -1;
  const names = Object.keys(range.params);
  if (names.some((name) => offer.params[name] !== range.params[name])) return -1;
  return (range.type === '*' ? 0 : 4) + (range.subtype === '*' ? 0 : 2) + (names.length > 0 ? 1 : 0);
}

/**
 * Content negotiation (RFC 9110 §12.5.1): which of `offers` (media types the
 * server can send, most preferred first, parameters allowed, e.g.
 * `application/yaml; profile=odcs`) the client prefers, or `undefined` when
 * none is acceptable. Each offer takes the weight of the most specific range
 * that matches it (a range's parameters must all be on the offer), so
 * `text/*;q=0, text/html` excludes every text type but HTML. The highest
 * weight wins; on a tie the more specific range, then the range written
 * first, then the offer listed first (as the `negotiator` package does, which
 * Apollo Server uses).
 */
export function negotiateMediaType<T extends string>(ranges: readonly MediaRange[], offers: readonly T[]): T | undefined {
  let best: { offer: T; q: number; specificity: number; order: number } | undefined;
  for (const offer of offers) {
    const [parsed] = parseAccept(offer);
    if (!parsed) throw new TypeError(`negotiateMediaType: the offer ${JSON.stringify(offer)} is not a media type.`);
    let match: { q: number; specificity: number; order: number } | undefined;
    ranges.forEach((range, order) => {
      const s = specificity(range, parsed);
      if (s < 0 || (match && (s < match.specificity || (s === match.specificity && range.q <= match.q)))) return;
      match = { q: range.q, specificity: s, order };
    });
    if (!match || match.q === 0) continue;
    const better =
      !best ||
      match.q > best.q ||
      (match.q === best.q && (match.specificity > best.specificity || (match.specificity === best.specificity && match.order < best.order)));
    if (better) best = { offer, ...match };
  }
  return best?.offer;
}
