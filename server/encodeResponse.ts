/** How many recent texts and their bytes `createResponseEncoder` keeps. */
const RECENT = 4;

/**
 * Encodes response texts as UTF-8, reusing the bytes of a recent text when
 * the next is the same: callers that shared one execution get one string
 * (`stringifyOncePerResult`), compared here by identity, and the same answer
 * sent again compares equal. Either way that response needs no new buffer;
 * none is written to once sent. The last few texts are kept, so that the
 * callers of executions finishing together still find theirs.
 */
export function createResponseEncoder(): (text: string) => Buffer {
  const texts: string[] = [];
  const bytes: Buffer[] = [];
  let next = 0;
  return (text) => {
    const known = texts.indexOf(text);
    if (known >= 0) return bytes[known]!;
    const encoded = Buffer.from(text);
    texts[next] = text;
    bytes[next] = encoded;
    next = (next + 1) % RECENT;
    return encoded;
  };
}
