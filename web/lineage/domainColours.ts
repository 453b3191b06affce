/**
 * Colours for the domains' products, each at least 3:1 against white (a
 * graphic's contrast) and told apart by people with the common colour
 * blindnesses as far as six colours can be; past six they repeat.
 */
const PALETTE = ['#0b5cad', '#8a4b00', '#6f3fa0', '#116329', '#b0006a', '#00697a'] as const;

/** Each domain's colour in one picture, the domains taken in alphabetical order. */
export function domainColours(domains: Iterable<string>): Map<string, string> {
  return new Map([...new Set(domains)].sort().map((domain, i) => [domain, PALETTE[i % PALETTE.length]!]));
}
