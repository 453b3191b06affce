/**
 * `npm run build`, run by `prepare` (so `npm install` and `npm ci` build) and
 * before `npm start`: compiles the TypeScript sources into `dist/` as
 * tsconfig.build.json says (incrementally: with nothing changed it only
 * checks), copies beside their modules the files the code reads at run time
 * (`*.graphql` and `*.yaml`, read via `new URL('./schema.graphql', import.meta.url)`),
 * removes from `dist/` whatever no source produces any more (a renamed module,
 * a deleted domain folder), and writes `dist/sources.json`: when the build
 * started and what it was made from (files and folders), which the CLI checks
 * to warn about a build older than its sources.
 *
 * `--if-stale` (what `npm start` runs) first does that check itself and stops
 * there when nothing changed: loading the compiler alone takes a second.
 *
 * Then it builds the web catalog into `dist/web/` (scripts/buildWeb.mjs),
 * which has its own check and builds only when `web/` changed.
 *
 * Plain JavaScript, because it runs before anything is compiled.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb, WEB_OUT } from './buildWeb.mjs';

/** Extensions of the files the code reads beside its modules at run time. */
const ASSET_EXTENSIONS = ['.graphql', '.yaml'];
/** Folders of data files (no module beside them) the code reads at run time: the standards' JSON Schemas `meshgraph check` validates descriptors against. */
const ASSET_FOLDERS = ['schema/standards'];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = join(ROOT, 'tsconfig.build.json');
const MANIFEST = 'sources.json';
/** Inputs beyond the sources: a change to any of them rebuilds everything. */
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', relative(ROOT, fileURLToPath(import.meta.url))];

/** True when dist/ has a manifest and no input has changed since the build it describes started. */
function isFresh() {
  try {
    const { startedAt, inputs } = JSON.parse(readFileSync(join(ROOT, 'dist', MANIFEST), 'utf8'));
    return inputs.every((path) => statSync(resolve(ROOT, path)).mtimeMs < startedAt);
  } catch {
    return false; // no build yet, or an input is gone
  }
}

if (process.argv.includes('--if-stale') && isFresh()) {
  await buildWeb();
  process.exit(0);
}
// Taken before the compiler reads anything: a file saved during the build is newer, so the next check rebuilds.
const startedAt = Date.now();
const { default: ts } = await import('typescript');

const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
const report = (diagnostic) => process.stderr.write(ts.formatDiagnosticsWithColorAndContext([diagnostic], formatHost));

const config = ts.getParsedCommandLineOfConfigFile(CONFIG, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: report });
if (!config) process.exit(1);
const outDir = config.options.outDir;
const rootDir = config.options.rootDir;

const builder = ts.createSolutionBuilder(ts.createSolutionBuilderHost(ts.sys, undefined, report, () => {}), [CONFIG], {});
if (builder.build() !== ts.ExitStatus.Success) {
  process.stderr.write('The build failed (the errors are above); dist/ was not brought up to date.\n');
  process.exit(1);
}

const sources = config.fileNames;
const sourceDirs = [...new Set(sources.map((file) => dirname(file)))];
const ancestors = (dir) => (dir === ROOT || !dir.startsWith(ROOT) ? [] : [dir, ...ancestors(dirname(dir))]);
const filesOf = (dir, wanted) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && wanted(entry.name))
    .map((entry) => join(dir, entry.name));
const assets = [
  ...sourceDirs.flatMap((dir) => filesOf(dir, (name) => ASSET_EXTENSIONS.some((extension) => name.endsWith(extension)))),
  ...ASSET_FOLDERS.flatMap((folder) => filesOf(join(ROOT, folder), (name) => name.endsWith('.json'))),
];
const toOut = (file) => join(outDir, relative(rootDir, file));

for (const asset of assets) {
  const target = toOut(asset);
  const from = statSync(asset);
  const to = statSync(target, { throwIfNoEntry: false });
  if (to && to.size === from.size && to.mtimeMs >= from.mtimeMs) continue;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(asset, target);
}

// What a source no longer produces would otherwise stay in dist/ and could still be found and run.
const expected = new Set([
  ...sources.flatMap((file) => ts.getOutputFileNames(config, file, !ts.sys.useCaseSensitiveFileNames)),
  ...assets.map(toOut),
  config.options.tsBuildInfoFile,
  join(outDir, MANIFEST),
]);
const prune = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // The web catalog's own build keeps dist/web/ (and the build it swaps in).
    if (entry.isDirectory()) !path.startsWith(WEB_OUT) && prune(path);
    else if (!expected.has(path)) unlinkSync(path);
  }
  if (dir !== outDir && readdirSync(dir).length === 0) rmdirSync(dir);
};
prune(outDir);

// Folders as well as files: adding or removing a file changes its folder's modification time.
const inputs = [...BUILD_INPUTS, ...[...sources, ...assets, ...new Set(sourceDirs.flatMap(ancestors))].map((path) => relative(ROOT, path))];
writeFileSync(join(outDir, MANIFEST), JSON.stringify({ startedAt, inputs }));

await buildWeb();
