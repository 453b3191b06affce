/**
 * `npm run bench:web`: how fast the web catalog's pages load in a real
 * browser (Debian's Chromium, headless, driven by playwright-core), and what
 * they weigh, against the demo mesh on a governed meshgraph gateway; and, in
 * the same run, Hive Gateway's own IDE page on the same supergraph, beside
 * meshgraph's IDE (`/ide`).
 *
 * Each page is loaded BENCH_RUNS times (default 10), the pages in turn, each
 * time cold (a new browser context: empty cache) and then warm (the same
 * context again: hashed assets come from its cache). For each load: the time
 * until the page shows what it is for (the products listed, the product's
 * schema, the IDE's editor), the `load` event, the bytes that crossed the
 * wire (compressed) and the requests made. The bundle: what each page's
 * scripts and styles weigh, as sent and decoded.
 *
 * The page views are anonymous (what a newcomer sees first). MESHGRAPH_CHROMIUM
 * names another Chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { progress, ratio, readCount } from './support/benchSettings.ts';
import { startDemoSubgraphs } from './support/demoSubgraphs.ts';
import { forkService, type ForkedService } from './support/forkService.ts';
import { percentiles } from './support/measure.ts';

const runs = readCount('BENCH_RUNS', 10);
const CHROMIUM = process.env['MESHGRAPH_CHROMIUM'] ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) throw new Error(`bench:web drives a real Chromium and there is none at ${CHROMIUM}: apt-get install chromium (or set MESHGRAPH_CHROMIUM).`);

/** A page measured: where it is, and what on it means it is ready for its reader. */
interface PageUnderTest {
  label: string;
  url: string;
  /** A CSS selector that matches once the page shows what it is for (the IDE: its query editor). */
  ready: string;
}

/** One load of a page. */
interface Load {
  readyMs: number;
  loadMs: number;
  /** Bytes on the wire (headers and compressed bodies), the document and every resource. */
  transferred: number;
  requests: number;
  /** Scripts and styles, as sent (compressed) and decoded. */
  codeSent: number;
  codeDecoded: number;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function measureLoad(context: BrowserContext, target: PageUnderTest): Promise<Load> {
  const page = await context.newPage();
  try {
    const response = await page.goto(target.url, { waitUntil: 'load', timeout: 60_000 });
    if (!response?.ok()) throw new Error(`${target.label}: ${target.url} answered HTTP ${response?.status()}`);
    // Timed in the page, checked at every frame: the moment the selector matches (in open shadow roots too: Hive
    // Laboratory draws in one), not when the bench hears of it.
    // No named function inside: the loader running this file would wrap it in a helper the page does not have.
    const readyMs = await page.waitForFunction(
      (selector) => {
        const roots: (Document | ShadowRoot)[] = [document];
        for (let i = 0; i < roots.length; i++) {
          if (roots[i]!.querySelector(selector)) return performance.now();
          for (const element of roots[i]!.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
        }
        return false;
      },
      target.ready,
      { polling: 'raf', timeout: 60_000 },
    ).catch(async (error: Error) => {
      const shown = await page.evaluate(() => document.body.innerText.slice(0, 300)).catch(() => '');
      throw new Error(`${target.label}: ${target.ready} never showed at ${target.url} (${error.message}); the page shows: ${JSON.stringify(shown)}`);
    });
    // Read in the page: the Navigation and Resource Timing entries (same origin, so sizes are exposed).
    const ready = (await readyMs.jsonValue()) as number;
    return await page.evaluate((readyAt) => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const code = resources.filter((entry) => /\.(?:js|css)$/.test(new URL(entry.name).pathname) || entry.initiatorType === 'script');
      return {
        readyMs: readyAt,
        loadMs: navigation.loadEventStart,
        transferred: navigation.transferSize + resources.reduce((sum, entry) => sum + entry.transferSize, 0),
        requests: 1 + resources.length,
        codeSent: code.reduce((sum, entry) => sum + entry.encodedBodySize, 0) + (navigation.encodedBodySize > 100_000 ? navigation.encodedBodySize : 0),
        codeDecoded: code.reduce((sum, entry) => sum + entry.decodedBodySize, 0) + (navigation.decodedBodySize > 100_000 ? navigation.decodedBodySize : 0),
      };
    }, ready);
  } finally {
    await page.close();
  }
}

progress('building the web catalog if its sources changed');
execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/buildWeb.mjs', import.meta.url))], { stdio: 'inherit' });
progress('starting the demo domains, a governed meshgraph gateway and Hive Gateway');
const demo = await startDemoSubgraphs({ MESHGRAPH_SCALE: process.env['MESHGRAPH_SCALE'] ?? '1' });
progress('the domains are up; starting the two gateways');
const gatewayServer = fileURLToPath(new URL('./support/gatewayServer.ts', import.meta.url));
const env = { BENCH_SUBGRAPHS: JSON.stringify(demo.endpoints), BENCH_AUTHORIZATION: demo.authorization, MESHGRAPH_DATA_DIR: demo.dataDir };
const services: ForkedService[] = [];
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
try {
  const [meshgraph, hive] = await Promise.all(['meshgraph-governed', 'hive'].map((kind) => forkService(kind, gatewayServer, [kind, demo.supergraphFile], env)));
  services.push(meshgraph!, hive!);
  progress('measuring');
  const root = meshgraph!.url.replace(/\/graphql$/, '');
  const pages: PageUnderTest[] = [
    { label: 'catalog: landing page', url: `${root}/`, ready: '.product' },
    { label: 'catalog: a product page', url: `${root}/products/${encodeURIComponent('urn:meshgraph:podcasts:episode-plays:v1')}`, ready: 'table' },
    { label: 'meshgraph IDE (/ide)', url: `${root}/ide`, ready: '.graphiql-query-editor .CodeMirror' },
    // Hive Gateway answers a browser's GET of its endpoint with its IDE, Hive Laboratory, as its CLI serves it. It opens
    // on "No operation selected" (no editor until one is added): ready once its UI is drawn, its first button.
    { label: 'Hive Gateway IDE (/graphql)', url: hive!.url, ready: 'button' },
  ];
  const loads = new Map(pages.map((page) => [page.label, { cold: [] as Load[], warm: [] as Load[] }]));
  for (let run = 1; run <= runs; run++) {
    progress(`run ${run} of ${runs}`);
    for (const target of pages) {
      const context = await browser.newContext();
      try {
        loads.get(target.label)!.cold.push(await measureLoad(context, target));
        loads.get(target.label)!.warm.push(await measureLoad(context, target));
      } finally {
        await context.close();
      }
    }
  }

  const median = (values: readonly number[]) => percentiles(values).p50;
  const line = (label: string, sample: readonly Load[]) =>
    `  ${label.padEnd(6)} ready ${ms(median(sample.map((l) => l.readyMs))).padStart(7)} (p90 ${ms(percentiles(sample.map((l) => l.readyMs)).p90)})  load event ${ms(median(sample.map((l) => l.loadMs))).padStart(7)}  ${kb(median(sample.map((l) => l.transferred))).padStart(8)} over ${median(sample.map((l) => l.requests))} requests`;
  process.stdout.write(`\nWeb pages, Chromium headless, ${runs} loads each (medians), anonymous visitor\n`);
  for (const target of pages) {
    const { cold, warm } = loads.get(target.label)!;
    process.stdout.write(`\n${target.label}\n${line('cold', cold)}\n${line('warm', warm)}\n`);
    process.stdout.write(`  code   scripts and styles ${kb(median(cold.map((l) => l.codeSent)))} sent, ${kb(median(cold.map((l) => l.codeDecoded)))} decoded\n`);
  }
  const ours = loads.get(pages[2]!.label)!.cold;
  const theirs = loads.get(pages[3]!.label)!.cold;
  process.stdout.write(
    `\nIDE, cold: meshgraph's editor ready in ${ratio(median(ours.map((l) => l.readyMs)), median(theirs.map((l) => l.readyMs)))} the time of Hive Gateway's, ` +
      `with ${ratio(median(ours.map((l) => l.transferred)), median(theirs.map((l) => l.transferred)))} the bytes on the wire\n`,
  );
} finally {
  await browser.close();
  await Promise.all(services.map((service) => service.stop()));
  await demo.stop();
}
