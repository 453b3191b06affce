/**
 * The web catalog's build, run by scripts/build.mjs (so by `npm install`,
 * `npm run build` and `npm start`) and by the browser tests: bundles `web/`
 * (Preact, TSX) with Vite into `dist/web/` — `index.html` and content-hashed
 * files under `assets/` — from the packages in node_modules only, nothing
 * fetched. It builds only when a file under `web/`, package.json or this
 * script is newer than the last web build (`dist/web/.build.json`), so an
 * unchanged catalog costs `npm start` a few stat calls.
 *
 * Plain JavaScript, because it runs before anything is compiled.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The app's sources: `index.html` and what it imports. */
export const WEB_SOURCES = join(ROOT, 'web');
/** Where the built app goes; the gateway serves it from there. */
export const WEB_OUT = join(ROOT, 'dist', 'web');
const MANIFEST = '.build.json';
const INPUTS = ['package.json', relative(ROOT, fileURLToPath(import.meta.url))];

/** Every file and folder under `dir` (a folder's time changes when a file is added or removed). */
const walk = (dir) => [dir, ...readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))];

/** True when `dist/web/` was built after every input last changed. */
export function isWebFresh() {
  try {
    const { startedAt } = JSON.parse(readFileSync(join(WEB_OUT, MANIFEST), 'utf8'));
    return [...INPUTS.map((path) => join(ROOT, path)), ...walk(WEB_SOURCES)].every((path) => statSync(path).mtimeMs < startedAt);
  } catch {
    return false; // never built, or an input is gone
  }
}

/**
 * The Vite configuration of one page of the app, `web/<entry>.html`: Preact's
 * JSX, hashed assets, no source maps. The catalog is `index`; a page bundled
 * apart (the IDE on React) is another entry in `WEB_ENTRIES`, built on its
 * own, and the gateway answers `/<entry>/…` with it.
 */
export const webConfig = (outDir = WEB_OUT, entry = 'index') => ({
  configFile: false,
  root: WEB_SOURCES,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir,
    emptyOutDir: entry === WEB_ENTRIES[0],
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
    // GraphiQL is about 1 MB of JavaScript (graphql-js, CodeMirror, React): said in the README, not warned of at each build.
    chunkSizeWarningLimit: 1_500,
    rollupOptions: { input: { [entry]: join(WEB_SOURCES, `${entry}.html`) }, onwarn: quietDirectives },
  },
  plugins: [withoutEmbeddedFonts],
});

/**
 * The pages, each built by a Vite build of its own: entries built together
 * share chunks, so the catalog's own would split around what the IDE (React,
 * GraphiQL) also imports (the session, say) and change with it.
 */
export const WEB_ENTRIES = ['index', 'ide'];

/** React's `"use client"` marks (GraphiQL's dependencies) mean something to server components only: bundling drops them, rightly. */
const quietDirectives = (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning);

/**
 * GraphiQL's stylesheet embeds its fonts (Roboto, Fira Code) as 370 KB of
 * `data:` URLs: the IDE uses the system's fonts instead (web/ide/ide.css),
 * so its CSS is a tenth the size and its page needs no `data:` fonts.
 */
const withoutEmbeddedFonts = {
  name: 'meshgraph:without-embedded-fonts',
  enforce: 'pre',
  transform: (code, id) => (id.endsWith('/graphiql/dist/style.css') ? { code: code.replace(/@font-face\s*\{[^}]*\}/g, ''), map: null } : undefined),
};

/** Builds `dist/web/` unless it is fresh (or `force`); resolves with whether it built. */
export async function buildWeb({ force = false } = {}) {
  if (!force && isWebFresh()) return false;
  // Taken before Vite reads anything: a file saved during the build is newer, so the next check rebuilds.
  const startedAt = Date.now();
  // Vite builds for whatever NODE_ENV says (vitest sets `test`): Preact's development build is a third larger.
  process.env['NODE_ENV'] = 'production';
  const { build } = await import('vite');
  // Built aside and swapped in whole: a gateway serving dist/web/ (or another
  // build running at once, as parallel test files do) never sees half a build.
  const staging = `${WEB_OUT}.build-${process.pid}`;
  for (const entry of WEB_ENTRIES) await build(webConfig(staging, entry));
  compressAssets(join(staging, 'assets'));
  writeFileSync(join(staging, MANIFEST), JSON.stringify({ startedAt }));
  const previous = `${WEB_OUT}.old-${process.pid}`;
  try {
    renameSync(WEB_OUT, previous);
  } catch {
    // never built
  }
  try {
    renameSync(staging, WEB_OUT);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // a build running at once swapped its own in first: the same sources
  }
  rmSync(previous, { recursive: true, force: true });
  return true;
}

/** Text assets smaller than this are served as they are: compressing them saves less than a packet. */
const COMPRESS_FROM_BYTES = 1_024;
const TEXT_ASSET = /\.(?:js|css|svg|json|html)$/;

/**
 * Writes `<file>.br` and `<file>.gz` beside each text asset, compressed once
 * at build, so the gateway serves them as the browser accepts
 * (gateway/webAppRoute.ts) without compressing per request. Brotli at
 * quality 9: within 9 % of its maximum (on the IDE's 1 MB script) in a tenth
 * of the time.
 */
function compressAssets(dir) {
  for (const name of readdirSync(dir)) {
    if (!TEXT_ASSET.test(name)) continue;
    const body = readFileSync(join(dir, name));
    if (body.length < COMPRESS_FROM_BYTES) continue;
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: constants.Z_BEST_COMPRESSION }));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWeb({ force: process.argv.includes('--force') });
}
