import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postGraphQL } from './support/http.ts';
import { useLeftovers } from './support/leftovers.ts';
import { watchOutput } from './support/processOutput.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'meshgraph-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// What the tests run is the compiled CLI, as `npm start` and the package bin do; so, as `npm start` does, build it
// first if a source changed since the last build (`prepare` built it at install).
const CLI = 'dist/bin/meshgraph.js';
beforeAll(() => void execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' }), 180_000);

// As a user's shell has it: without the NODE_ENV=test of the test runner, which changes libraries' behaviour.
const { NODE_ENV: _testEnv, ...USER_ENV } = process.env;

/** Runs the compiled CLI with plain node as `npm start` does, with test data in a folder of its own, free ports, and no simulated sources. */
function meshgraph(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    env: {
      ...USER_ENV,
      MESHGRAPH_SCALE: '0.02',
      MESHGRAPH_PORT_BASE: '0',
      PORT: '0',
      MESHGRAPH_DATA_DIR: dataDir,
      MESHGRAPH_PLAYS_PER_SECOND: '0',
      MESHGRAPH_SIGNUPS_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('the meshgraph command', () => {
  const leftovers = useLeftovers();
  const run = (args: string[], env?: Record<string, string>) => {
    const child = meshgraph(args, env);
    const output = watchOutput(child);
    leftovers.track({ close: async () => void (child.exitCode === null && child.signalCode === null && (child.kill('SIGKILL'), await output.exited)) });
    return { child, output };
  };

  it('start brings up four domains and the gateway, restarts a crashed domain, and stops everything on Ctrl+C', async () => {
    const { child, output } = run(['start']);
    const [, gatewayUrl] = await output.waitFor(/gateway\s+(http:\/\/localhost:\d+\/graphql)/);
    expect(output.text()).toMatch(/meshgraph is up in \d+\.\d s/);
    // The banner names the web catalog's page first, on the gateway's own origin, and that page is served.
    const [, pageUrl] = (await output.waitFor(/web catalog (http:\/\/localhost:\d+\/)\s/))!;
    expect(pageUrl).toBe(gatewayUrl!.replace(/graphql$/, ''));
    const page = await fetch(pageUrl!, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const [, podcastsUrl] = (await output.waitFor(/podcasts\s+(http:\/\/localhost:\d+\/graphql)/))!;
    const query = { query: '{ topCharts(first: 2) { edges { node { rank episode { title podcast { host { name } } } } } } }' };

    const first = await postGraphQL(gatewayUrl!, query);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.topCharts.edges[0].node.episode.podcast.host.name).toEqual(expect.any(String));

    // A domain process dies; the supervisor brings it back on the same port, and full answers return.
    const { body: health } = await getJson(podcastsUrl!.replace('/graphql', '/health'));
    // Each service runs the compiled JavaScript with plain node too: no TypeScript loader at run time.
    if (process.platform === 'linux') {
      expect(readFileSync(`/proc/${health.pid}/cmdline`, 'utf8').split('\0').filter(Boolean)).toEqual([process.execPath, resolve(CLI), 'subgraph', 'podcasts']);
    }
    process.kill(health.pid, 'SIGKILL');
    await output.waitFor(/podcasts exited; restarting/);
    await output.waitFor(/\[podcasts\] subgraph ready/, 2);
    const again = await postGraphQL(gatewayUrl!, query);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data).toEqual(first.body.data);

    child.kill('SIGINT');
    expect(await output.exited).toBe(0);
    await expect(fetch(gatewayUrl!)).rejects.toThrow();
    await expect(fetch(podcastsUrl!)).rejects.toThrow();
    // A clean stop releases every append lock and leaves a checkpoint to resume from. (The lock
    // of the podcasts process killed above stays until the next append takes it over.)
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const held = readdirSync(join(dataDir, 'topics'))
      .map((topic) => join(dataDir, 'topics', topic, 'append.lock'))
      .filter((lock) => existsSync(lock) && alive((JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid));
    expect(held).toEqual([]);
    expect(existsSync(join(dataDir, 'checkpoints', 'artists.artist-royalties.json'))).toBe(true);
    expect(output.text()).not.toContain('stale append lock');
    // Six service processes start here (five, then podcasts again), each loading the Apollo packages: on two
    // cores shared with another test file, that alone can take most of the default 30 s.
  }, 90_000);

  it('a domain stopped with SIGTERM while it starts and appends shuts down cleanly: exit 0, no append lock left', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'meshgraph-cli-stop-'));
    leftovers.track({ close: () => rmSync(folder, { recursive: true, force: true }) });
    const { child, output } = run(['subgraph', 'podcasts'], { MESHGRAPH_DATA_DIR: folder, MESHGRAPH_PLAYS_PER_SECOND: '50', MESHGRAPH_LOG_LEVEL: 'info' });
    await output.waitFor(/simulating the player apps/);
    child.kill('SIGTERM');
    expect(await output.exited).toBe(0);
    expect(existsSync(join(folder, 'topics', 'podcasts.episode-plays.v1', 'append.lock'))).toBe(false);
  });

  it('a domain that cannot start stops the mesh with a message that says what to fix', async () => {
    const { output } = run(['start'], { MESHGRAPH_SCALE: '-1' });
    expect(await output.exited).toBe(1);
    expect(output.text()).toContain('MESHGRAPH_SCALE must be a number greater than 0, but is "-1".');
    expect(output.text()).toMatch(/failed to start; stopping the mesh/);
    expect(output.text()).not.toMatch(/\n\s+at /); // no stack trace for a configuration mistake
  });

  it('a data folder holding another demo world is refused, saying how to go on', async () => {
    const otherWorld = mkdtempSync(join(tmpdir(), 'meshgraph-cli-world-'));
    leftovers.track({ close: () => rmSync(otherWorld, { recursive: true, force: true }) });
    writeFileSync(join(otherWorld, 'demo-world.json'), JSON.stringify({ seed: 'meshgraph', scale: 0.02 }));
    const { output } = run(['subgraph', 'listeners'], { MESHGRAPH_SCALE: '0.03', MESHGRAPH_DATA_DIR: otherWorld });
    expect(await output.exited).toBe(1);
    expect(output.text()).toContain('holds the demo world of seed "meshgraph" and scale 0.02, but MESHGRAPH_SEED is "meshgraph" and MESHGRAPH_SCALE is 0.03');
  });

  it('help prints the usage and exits 0', async () => {
    const { output } = run(['help']);
    expect(await output.exited).toBe(0);
    expect(output.text()).toMatch(/Usage:\n\s+meshgraph start\s/);
    expect(output.text()).not.toContain('Unknown command');
  });

  it('the compiled check validates descriptors against the standards the build copies beside it', async () => {
    // No gateway answers on this port: the check runs against the standards alone, ODPS and ODCS included.
    const { output } = run(['check', 'artists', '--json'], { MESHGRAPH_GATEWAY_URL: 'http://127.0.0.1:9' });
    expect(await output.exited).toBe(0);
    expect(output.text()).not.toContain('were not validated');
    expect(existsSync('dist/schema/standards/odps-json-schema-v1.0.0.json')).toBe(true);
  });

  it('an unknown domain or command is refused with the list of what exists', async () => {
    const unknownDomain = run(['subgraph', 'weather']);
    expect(await unknownDomain.output.exited).toBe(1);
    expect(unknownDomain.output.text()).toContain('Unknown domain "weather". Domains: listeners, podcasts, artists, insights.');
    const unknownCommand = run(['serve']);
    expect(await unknownCommand.output.exited).toBe(2);
    expect(unknownCommand.output.text()).toContain('Unknown command "serve".');
  });
});
