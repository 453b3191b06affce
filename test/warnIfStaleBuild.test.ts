import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findStaleBuildInput } from '../bin/warnIfStaleBuild.ts';
import { useLeftovers } from './support/leftovers.ts';

const BUILD_STARTED_AT = Date.parse('2026-01-01T12:00:00Z');

describe('a build older than its sources', () => {
  const leftovers = useLeftovers();

  /** A project with a source folder, a file in it, and a dist/ built at BUILD_STARTED_AT from both. */
  function project(): { root: string; dist: URL } {
    const root = mkdtempSync(join(tmpdir(), 'meshgraph-stale-build-'));
    leftovers.track({ close: () => rmSync(root, { recursive: true, force: true }) });
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'bin', 'cli.ts'), 'export {};\n');
    writeFileSync(join(root, 'dist', 'sources.json'), JSON.stringify({ startedAt: BUILD_STARTED_AT, inputs: ['bin/cli.ts', 'bin'] }));
    for (const path of ['bin/cli.ts', 'bin']) setModifiedAt(root, path, BUILD_STARTED_AT - 60_000);
    return { root, dist: pathToFileURL(join(root, 'dist') + '/') };
  }
  const setModifiedAt = (root: string, path: string, ms: number) => utimesSync(join(root, path), ms / 1000, ms / 1000);

  it('is fresh while nothing changed since the build started', () => {
    const { dist } = project();
    expect(findStaleBuildInput(dist)).toBeUndefined();
  });

  it('is stale once a source is saved after the build started, even during it', () => {
    const { root, dist } = project();
    setModifiedAt(root, 'bin/cli.ts', BUILD_STARTED_AT + 1);
    expect(findStaleBuildInput(dist)).toBe('bin/cli.ts');
  });

  it('is stale once a file is added to a source folder, or a source removed', () => {
    const added = project();
    setModifiedAt(added.root, 'bin', BUILD_STARTED_AT + 1);
    expect(findStaleBuildInput(added.dist)).toBe('bin');

    const removed = project();
    rmSync(join(removed.root, 'bin', 'cli.ts'));
    expect(findStaleBuildInput(removed.dist)).toBe('bin/cli.ts');
  });

  it('is not checked without a manifest, as in an installed package', () => {
    const { root, dist } = project();
    rmSync(join(root, 'dist', 'sources.json'));
    setModifiedAt(root, 'bin/cli.ts', BUILD_STARTED_AT + 1);
    expect(findStaleBuildInput(dist)).toBeUndefined();
  });
});
