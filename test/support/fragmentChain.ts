/**
 * A document in which fragment Fi spreads F(i+1) twice, so that its
 * expansion holds 2^levels copies of `leaf` (on type `on`) while the text
 * grows by one line per level: 30 levels are about 1.2 KB.
 */
export function fragmentChain(levels: number, options: { on?: string; leaf?: string; root?: string } = {}): string {
  const { on = 'Query', leaf = '__typename', root = '{ ...F0 }' } = options;
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`);
  return `query ${root}\n${fragments.join('\n')}\nfragment F${levels} on ${on} { ${leaf} }`;
}
