/**
 * `npm run bench:limits`: what filtered pages and refused documents cost a
 * domain, in process (no sockets), at the demo's full size.
 *
 * - Filtered pages of plays, run on the podcasts domain's schema: how long
 *   `plays(country: "GB", first: 1)` and its relatives take (they scanned
 *   every play before paging), and 1,000 aliases of it in one operation.
 * - The operation limits on crafted documents: a fragment chain of 30
 *   levels whose expansion doubles at each level, and 1,000 aliases —
 *   checked before validation — and, for comparison, graphql-js validation
 *   of the same documents.
 * - The cost estimate every request pays (`@cost`, `@listSize` of the
 *   domain's schema): a page of plays with its episodes, sized by a
 *   variable, and 500 episodes with 500 plays each (refused).
 *
 * BENCH_RUNS (runs of each measure, default 20), MESHGRAPH_SCALE (demo data size, default 1).
 */
import { execute, parse, validate, type DocumentNode } from 'graphql';
import { generateEpisodes, generatePlays, generatePodcasts } from '../demo/data/index.ts';
import { createOperationLimits, readCostDirectives } from '../server/index.ts';
import { buildDomainSchema } from '../subgraphs/kit/buildDomainSchema.ts';
import { createPodcastsDomain } from '../subgraphs/podcasts/index.ts';
import { fragmentChain } from '../test/support/fragmentChain.ts';
import { percentiles } from './support/measure.ts';

const runs = Number(process.env['BENCH_RUNS'] ?? 20);
const data = { seed: 'meshgraph', scale: Number(process.env['MESHGRAPH_SCALE'] ?? 1) };
const domain = createPodcastsDomain({ catalog: { podcasts: generatePodcasts(data), episodes: generateEpisodes(data) } });
domain.store.addPlays(generatePlays(data));
const { schema, document: sdl } = buildDomainSchema(domain);
const costDirectives = readCostDirectives(sdl);
const episodeId = domain.store.episodes[0]!.id;
// A time with half the plays before it, for pages bounded by time.
const midway = domain.store.plays.map((p) => p.occurredAt).sort()[domain.store.plays.length >> 1]!;
console.log(`podcasts at demo scale ${data.scale}: ${domain.store.plays.length} plays; ${runs} runs of each`);

/** Median and p90 of `runs` runs of `work`, after one run to warm up. */
function time(work: () => unknown): string {
  work();
  const durations = Array.from({ length: runs }, () => {
    const startedAt = performance.now();
    work();
    return performance.now() - startedAt;
  });
  const { p50, p90 } = percentiles(durations);
  return `median ${p50.toFixed(3).padStart(9)} ms   p90 ${p90.toFixed(3).padStart(9)} ms`;
}

function run(document: DocumentNode) {
  const result = execute({ schema, document, contextValue: {} });
  if ('errors' in result && result.errors) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result;
}

const aliases = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const PAGES: Record<string, string> = {
  'plays(country: "GB", first: 1)': '{ plays(country: "GB", first: 1) { edges { node { id } } } }',
  'plays(country: "GB", first: 1) { totalCount }': '{ plays(country: "GB", first: 1) { totalCount } }',
  'plays(device: MOBILE, first: 20)': '{ plays(device: MOBILE, first: 20) { edges { node { id } } } }',
  'plays(country: "GB", device: TV, first: 20)': '{ plays(country: "GB", device: TV, first: 20) { edges { node { id } } } }',
  'plays(first: 20), no filter': '{ plays(first: 20) { edges { node { id } } } }',
  'plays(to: <midway>, first: 20)': `{ plays(to: "${midway}", first: 20) { edges { node { id } } } }`,
  'plays(country: "GB", to: <midway>, first: 20)': `{ plays(country: "GB", to: "${midway}", first: 20) { edges { node { id } } } }`,
  'episode(id) { plays(country: "GB", first: 5) }': `{ episode(id: "${episodeId}") { plays(country: "GB", first: 5) { edges { node { id } } } } }`,
};
console.log('\nfiltered pages of plays (execution on the domain schema):');
for (const [name, query] of Object.entries(PAGES)) {
  const document = parse(query);
  console.log(`  ${name.padEnd(48)} ${time(() => run(document))}`);
}
const thousand = parse(aliases(1_000, 'plays(country: "GB", first: 1) { edges { node { id } } }'));
const onceMs = (() => {
  const startedAt = performance.now();
  run(thousand);
  return performance.now() - startedAt;
})();
console.log(`  ${'1,000 aliases of plays(country: "GB", first: 1)'.padEnd(48)} once: ${onceMs.toFixed(1)} ms`);

const limits = createOperationLimits({ schema: () => schema, costDirectives: () => costDirectives });
const CRAFTED: Record<string, string> = {
  'fragment chain, 30 levels': fragmentChain(30, { on: 'PlayEdge', leaf: 'node { id }', root: '{ plays(first: 1) { edges { ...F0 } } }' }),
  '1,000 aliases of plays(country: "GB", first: 1)': aliases(1_000, 'plays(country: "GB", first: 1) { totalCount }'),
};
console.log('\ncrafted documents: the operation limits (tokens, parse, measure) and graphql-js validation:');
for (const [name, query] of Object.entries(CRAFTED)) {
  const refusal = limits.check(query)?.message ?? 'accepted';
  console.log(`  ${name} (${query.length} bytes): ${refusal.slice(0, 90)}…`);
  console.log(`    ${'limits.check'.padEnd(20)} ${time(() => limits.check(query))}`);
  const document = parse(query);
  console.log(`    ${'graphql validate'.padEnd(20)} ${time(() => validate(schema, document))}`);
}

const ESTIMATED: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'plays(first: $n) with episodes and podcasts': {
    query: 'query($n: Int) { plays(first: $n) { totalCount edges { cursor node { id device occurredAt episode { title podcast { title category } } } } } }',
    variables: { n: 20 },
  },
  'episodes(first: 500) { plays(first: 500) }': { query: '{ episodes(first: 500) { edges { node { plays(first: 500) { edges { cursor } } } } } }' },
};
console.log('\nthe cost estimate each request pays (its parse is kept; measured with its variables):');
for (const [name, { query, variables }] of Object.entries(ESTIMATED)) {
  const { refusal, estimatedCost } = limits.assess(query, variables);
  console.log(`  ${name}: estimated cost ${estimatedCost}${refusal ? ' (refused)' : ''}`);
  console.log(`    ${'limits.assess'.padEnd(20)} ${time(() => limits.assess(query, variables))}`);
}
