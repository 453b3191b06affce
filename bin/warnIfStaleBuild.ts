import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `dist/sources.json`, written by the build: when it started, and the files and folders it was made from (relative to the project). */
interface BuildManifest {
  startedAt: number;
  inputs: string[];
}

function isBuildManifest(value: unknown): value is BuildManifest {
  const { startedAt, inputs } = (value ?? {}) as Partial<BuildManifest>;
  return typeof startedAt === 'number' && Array.isArray(inputs) && inputs.every((input) => typeof input === 'string');
}

/**
 * The first input of the build in `dist` (a folder URL ending in `/`, inside
 * the project) that changed or disappeared after that build started; or
 * undefined when none did, or when `dist` has no manifest to tell (an
 * installed package, a build from before manifests).
 */
export function findStaleBuildInput(dist: URL): string | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(new URL('sources.json', dist), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isBuildManifest(manifest)) return undefined;
  const root = new URL('../', dist);
  const modifiedAt = (input: string) => statSync(fileURLToPath(new URL(input, root)), { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
  return manifest.inputs.find((input) => modifiedAt(input) >= manifest.startedAt);
}

/**
 * In a checkout, the compiled CLI (`dist/bin/meshgraph.js`, which
 * `npx meshgraph` runs) says on stderr when a source changed after its build,
 * rather than run stale code silently; `npm start` builds first, so it never
 * has to. Run from the sources (tsx) there is no manifest beside this module,
 * and nothing to check.
 */
export function warnIfStaleBuild(): void {
  const changed = findStaleBuildInput(new URL('../', import.meta.url));
  if (changed) {
    process.stderr.write(`meshgraph: "${changed}" changed after the last build, so dist/ may be stale. Run "npm run build" first ("npm start" builds by itself).\n`);
  }
}
