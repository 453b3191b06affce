/** Levenshtein distance, small inputs only (names, fields). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * ` Did you mean "x"?` for the closest options, or `''`: options that contain
 * the last part of the input (`Rental.email` → `Rental.riderEmail`) first,
 * then those within a few edits.
 */
export function didYouMean(input: string, options: Iterable<string>): string {
  const threshold = Math.max(2, Math.floor(input.length * 0.3));
  const tail = (input.split('.').at(-1) ?? input).toLowerCase();
  const close = [...options]
    .map((option) => ({ option, d: tail.length >= 3 && option.toLowerCase().includes(tail) ? 0 : distance(input, option) }))
    .filter(({ d }) => d <= threshold)
    .sort((x, y) => x.d - y.d || x.option.localeCompare(y.option))
    .slice(0, 3)
    .map(({ option }) => `"${option}"`);
  return close.length === 0 ? '' : ` Did you mean ${close.join(' or ')}?`;
}
