/** Characters `JSON.stringify` escapes in a string: quote, backslash, controls and lone surrogates (well-formed JSON.stringify). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
/** Longest string copied unit by unit; a longer one goes to Node's UTF-8 writer in one call. */
const SHORT_STRING = 64;
/** Longest bytes copied one by one rather than by `set`. */
const SHORT_BYTES = 32;
/** Property names a serializer keeps as bytes. */
const MAX_KEYS = 10_000;

/** Node's Buffer writers without `write`'s argument checks: bytes and length are checked here. */
interface BufferWriters {
  utf8Write(text: string, offset: number): number;
  latin1Write(text: string, offset: number): number;
}

/** Room a serializer keeps between calls; a larger answer gets a buffer of its own, dropped after it. */
const KEPT_BYTES = 1 << 20;

/** JSON as UTF-8 bytes, and whether they are all ASCII (so that `latin1` decodes them as fast as a copy). */
export interface SerializedJson {
  bytes: Buffer;
  ascii: boolean;
}

/**
 * Serializes a JSON value straight to UTF-8 bytes, byte for byte what
 * `Buffer.from(JSON.stringify(value) + suffix)` gives, without the text in
 * between: V8 builds `JSON.stringify`'s result from parts that must then be
 * copied into one string before they can be encoded, and under a gateway's
 * load that string and its copy cost more than the serialization itself.
 * Plain objects, arrays, strings, numbers, booleans and null are written here;
 * anything else (a `toJSON`, a class instance, a boxed value) by
 * `JSON.stringify`, so the result is the same. Synchronous, so one serializer
 * reuses one buffer for every value.
 */
export function createJsonSerializer(): (value: unknown, suffix?: string) => SerializedJson {
  let buffer = Buffer.allocUnsafeSlow(64 * 1024) as Buffer & BufferWriters;
  // `"key":` of each property name met, as bytes: response names repeat in every object of a list.
  const keys = new Map<string, Buffer>();
  let at = 0;
  let ascii = true;

  const reserve = (bytes: number) => {
    if (at + bytes <= buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, at + bytes)) as Buffer & BufferWriters;
    buffer.copy(grown, 0, 0, at);
    buffer = grown;
  };
  /** ASCII text written as it is: numbers and literals. */
  const raw = (text: string) => {
    reserve(text.length);
    at += buffer.latin1Write(text, at);
  };
  /** Any text, as UTF-8 (at most three bytes a UTF-16 unit). */
  const utf8 = (text: string) => {
    reserve(text.length * 3);
    const written = buffer.utf8Write(text, at);
    if (written !== text.length) ascii = false;
    at += written;
  };
  const punctuation = (code: number) => {
    reserve(1);
    buffer[at++] = code;
  };
  /**
   * A string as JSON: quoted as it is when it needs no escape (most do not),
   * else as `JSON.stringify` escapes it. A short one is copied here unit by
   * unit while it is plain ASCII: a call into Node's writers costs more than
   * the copy.
   */
  const text = (value: string) => {
    const { length } = value;
    if (length > SHORT_STRING) {
      if (NEEDS_ESCAPE.test(value)) return utf8(JSON.stringify(value));
      punctuation(QUOTE);
      utf8(value);
      punctuation(QUOTE);
      return;
    }
    reserve(length + 2);
    const start = at;
    buffer[at++] = QUOTE;
    for (let index = 0; index < length; index++) {
      const unit = value.charCodeAt(index);
      if (unit < 0x20 || unit === QUOTE || unit === BACKSLASH || unit > 0x7e) {
        at = start;
        return utf8(NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`);
      }
      buffer[at++] = unit;
    }
    buffer[at++] = QUOTE;
  };
  /** A number as `JSON.stringify` writes it; a small integer (most are) digit by digit, without a string. */
  const number = (value: number) => {
    if (!(value >= 0 && value < 1e9 && (value | 0) === value)) return raw(Number.isFinite(value) ? String(value) : 'null');
    let digits = 1;
    for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
    reserve(digits);
    at += digits;
    for (let index = at - 1, rest = value; index >= at - digits; index--) {
      const tens = (rest / 10) | 0;
      buffer[index] = 0x30 + rest - tens * 10;
      rest = tens;
    }
  };
  /** Writes `value`; false when JSON has nothing for it (undefined, a function, a symbol), written nowhere. */
  const write = (value: unknown): boolean => {
    switch (typeof value) {
      case 'string':
        text(value);
        return true;
      case 'number':
        number(value);
        return true;
      case 'boolean':
        bytes(value ? TRUE : FALSE);
        return true;
      case 'object':
        if (value === null) bytes(NULL);
        else if (Array.isArray(value)) writeArray(value);
        else if (isPlain(value)) writeObject(value as Record<string, unknown>);
        else return writeStringified(value);
        return true;
      case 'bigint':
        // JSON.stringify's own TypeError.
        return writeStringified(value);
      default:
        return false;
    }
  };
  /** Bytes of a few ASCII characters, copied one by one: shorter than a call to `set`. */
  const bytes = (written: Uint8Array) => {
    const { length } = written;
    reserve(length);
    if (length > SHORT_BYTES) buffer.set(written, at);
    else for (let index = 0; index < length; index++) buffer[at + index] = written[index]!;
    at += length;
  };
  const writeStringified = (value: unknown): boolean => {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) return false;
    utf8(json);
    return true;
  };
  const writeArray = (items: unknown[]) => {
    punctuation(OPEN_BRACKET);
    for (let index = 0; index < items.length; index++) {
      if (index > 0) punctuation(COMMA);
      if (!write(items[index])) bytes(NULL);
    }
    punctuation(CLOSE_BRACKET);
  };
  const writeObject = (object: Record<string, unknown>) => {
    punctuation(OPEN_BRACE);
    let first = true;
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      const mark = at;
      if (!first) punctuation(COMMA);
      writeKey(key);
      if (write(value)) first = false;
      else at = mark;
    }
    punctuation(CLOSE_BRACE);
  };
  const writeKey = (key: string) => {
    let known = keys.get(key);
    if (known === undefined) {
      const json = `${JSON.stringify(key)}:`;
      known = Buffer.from(json);
      // Only ASCII names are kept, so that a name found here says nothing about `ascii`.
      if (known.length !== json.length) ascii = false;
      else if (keys.size < MAX_KEYS) keys.set(key, known);
    }
    bytes(known);
  };

  return (value, suffix = '') => {
    at = 0;
    ascii = true;
    try {
      if (!write(value)) throw new TypeError('JSON has no text for this value');
      raw(suffix);
    } catch {
      // A cycle overflows the stack here; JSON.stringify names it, as it throws for anything else it cannot write.
      const json = `${JSON.stringify(value)}${suffix}`;
      const bytes = Buffer.from(json);
      return { bytes, ascii: bytes.length === json.length };
    }
    const bytes = Buffer.allocUnsafe(at);
    buffer.copy(bytes, 0, 0, at);
    if (buffer.length > KEPT_BYTES) buffer = Buffer.allocUnsafeSlow(64 * 1024) as Buffer & BufferWriters;
    return { bytes, ascii };
  };
}

/** An object JSON.stringify writes as its own enumerable properties and nothing else: no prototype of its own, no `toJSON`. */
function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
