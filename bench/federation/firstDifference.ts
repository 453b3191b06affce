/**
 * Where `theirs` first differs from `expected`: undefined when they are the
 * same, else the offset and forty characters around it on either side.
 */
export function firstDifference(expected: string, theirs: string): string | undefined {
  if (expected === theirs) return undefined;
  let at = 0;
  while (at < expected.length && expected[at] === theirs[at]) at++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 40), at + 40));
  return `at character ${at} of ${expected.length} (theirs: ${theirs.length}): expected ${around(expected)}, got ${around(theirs)}`;
}
