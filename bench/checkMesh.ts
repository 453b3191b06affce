/**
 * `npm run bench:check`: how long `meshgraph check` takes on a mesh of
 * BENCH_SUBGRAPHS (default 50) generated subgraphs.
 *
 * Each generated subgraph is a kit domain with one data product: a type of
 * its own with a list field, and a field it adds to one of the four polysemes
 * (Artist, Listener, Podcast, Episode), whose key it declares. They are served
 * as a registry-backed gateway serves its publications
 * (`GET /registry/subgraphs?include=sdl`), and a domain made by
 * `meshgraph init merch` is checked against them: first the whole command,
 * `node --import tsx bin/meshgraph.ts check ./merch --gateway <url> --json`,
 * BENCH_RUNS times (default 5; process start, domain build, fetching the
 * mesh, every check); then `checkSubgraph` in this process, with its CPU
 * time and the share composition takes. Wall times grow with the machine's
 * load, which it prints.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runInitCommand } from '../bin/runInitCommand.ts';
import { loadMeshPolicy } from '../governance/policy/index.ts';
import { checkSubgraph } from '../registry/checks/index.ts';
import { composeWithMesh } from '../registry/checks/composeWithMesh.ts';
import type { RegisteredSubgraph } from '../registry/RegisteredSubgraph.ts';
import { buildDomainSubgraph } from '../subgraphs/kit/buildDomainSubgraph.ts';
import type { DomainDefinition } from '../subgraphs/kit/index.ts';
import { percentiles } from './support/measure.ts';

const count = Math.max(1, Number(process.env['BENCH_SUBGRAPHS'] ?? 50));
const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 5));
const CLI = fileURLToPath(new URL('../bin/meshgraph.ts', import.meta.url));
// The command runs in the new domain's folder, where `--import tsx` would not find tsx: name it by its URL.
const TSX = import.meta.resolve('tsx');
const POLYSEMES = ['Artist', 'Listener', 'Podcast', 'Episode'];
const policy = { policy: loadMeshPolicy(), source: 'governance/mesh-policy.yaml' };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Generated domain number `i`: `domain-07`, with `Domain07Record` and a field on a polyseme. */
function generatedDomain(i: number): DomainDefinition {
  const name = `domain-${String(i).padStart(2, '0')}`;
  const type = `Domain${String(i).padStart(2, '0')}Record`;
  const field = `domain${String(i).padStart(2, '0')}Records`;
  const polyseme = POLYSEMES[i % POLYSEMES.length]!;
  const sdl = `
    type Query { "Records of ${name}." ${field}(first: Int): [${type}!]! }
    "A record of ${name}."
    type ${type} { id: ID! value: Int! note: String subject: ${polyseme} }
    type ${polyseme} @key(fields: "id") { id: ID! "What ${name} counts for it." domain${String(i).padStart(2, '0')}Count: Int }
  `;
  return {
    name,
    description: `Generated domain ${i}.`,
    team: { name, email: `${name}@example.com` },
    schema: { source: `${name}/schema.graphql`, sdl },
    resolvers: {},
    dataProducts: [{
      name: `${name}-records`, version: '1.0.0', kind: 'SOURCE_ALIGNED',
      description: { purpose: 'Generated.', usage: 'Benchmarks.', limitations: 'None.' },
      owner: { name: 'Owner', email: `owner@${name}.example.com` }, tags: [name],
      inputPorts: [{ kind: 'source', name: 'generator', system: 'bench' }],
      outputPorts: [{ kind: 'query', name: 'records', field: `Query.${field}` }],
      slos: { freshness: 'PT5M', availability: 0.99, completeness: 0.99, intervalOfChange: 'PT1M' },
      classification: { default: 'internal' }, retention: 'P1Y', terms: { usage: 'Internal.', license: 'Proprietary' },
    }],
  };
}

const published = (domain: DomainDefinition): RegisteredSubgraph => {
  const built = buildDomainSubgraph(domain, policy);
  return { name: domain.name, url: `http://${domain.name}.invalid/graphql`, sdl: built.sdl(), descriptors: built.descriptors, version: '1', publishedBy: `${domain.name}-owner`, publishedAt: new Date().toISOString() };
};

const mesh = Array.from({ length: count }, (_, i) => published(generatedDomain(i)));
const registry = createServer((request, response) => {
  const ok = request.url === '/registry/subgraphs?include=sdl';
  response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
  response.end(ok ? JSON.stringify({ subgraphs: mesh }) : '{}');
});
await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
const address = registry.address();
const gateway = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const root = await mkdtemp(join(tmpdir(), 'meshgraph-bench-check-'));
try {
  if (runInitCommand(['merch'], root, () => {}, (text) => process.stderr.write(text)) !== 0) throw new Error('meshgraph init merch failed');
  console.log(`meshgraph check ./merch against a mesh of ${count} generated subgraphs (plus the catalog), ${runs} runs`);

  const whole: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, CLI, 'check', './merch', '--gateway', gateway, '--json'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    whole.push(performance.now() - started);
    const report = JSON.parse(stdout) as { passed: boolean; checkedAgainst: string };
    if (!report.passed || !report.checkedAgainst.includes(`domain-${String(count - 1).padStart(2, '0')}`)) throw new Error(`unexpected report: ${stdout.slice(0, 500)}`);
  }
  const w = percentiles(whole);
  console.log(`  the command (process start to exit):  p50 ${seconds(w.p50)}  p90 ${seconds(w.p90)}  mean ${seconds(w.mean)}`);

  const merch = published({ ...generatedDomain(count), name: 'merch', dataProducts: generatedDomain(count).dataProducts.map((p) => ({ ...p, name: 'merch-records' })) });
  const inProcess: number[] = [];
  const cpu: number[] = [];
  const composition: number[] = [];
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await checkSubgraph(merch, { subgraphs: mesh, policy: policy.policy, policySource: policy.source });
    inProcess.push(performance.now() - started);
    const { user, system } = process.cpuUsage(cpuBefore);
    cpu.push((user + system) / 1000);
    if (!report.passed) throw new Error(`unexpected problems: ${JSON.stringify(report.problems).slice(0, 500)}`);
    started = performance.now();
    composeWithMesh([merch, ...mesh]);
    composition.push(performance.now() - started);
  }
  const c = percentiles(inProcess);
  const k = percentiles(composition);
  console.log(`  checkSubgraph in process:             p50 ${seconds(c.p50)}  p90 ${seconds(c.p90)}  mean ${seconds(c.mean)}  (CPU time p50 ${seconds(percentiles(cpu).p50)})`);
  console.log(`    of which composition:                p50 ${seconds(k.p50)}  (${Math.round((100 * k.mean) / c.mean)}% of the mean)`);
  // Wall times on a shared machine grow with its load: say what it was.
  console.log(`  load average (1, 5, 15 min) at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${(await import('node:os')).availableParallelism()} cores`);
} finally {
  registry.close();
  await rm(root, { recursive: true, force: true });
}
