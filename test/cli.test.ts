import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, postGraphQL } from './support/http.ts';
import { useLeftovers } from './support/leftovers.ts';
import { watchOutput } from './support/processOutput.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'meshgraph-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the CLI as `npm start` does, with test data in a folder of its own, free ports, and no simulated sources. */
function meshgraph(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'bin/meshgraph.ts', ...args], {
    env: {
      ...process.env,
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
    const [, podcastsUrl] = (await output.waitFor(/podcasts\s+(http:\/\/localhost:\d+\/graphql)/))!;
    const query = { query: '{ topCharts(first: 2) { edges { node { rank episode { title podcast { host { name } } } } } } }' };

    const first = await postGraphQL(gatewayUrl!, query);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.topCharts.edges[0].node.episode.podcast.host.name).toEqual(expect.any(String));

    // A domain process dies; the supervisor brings it back on the same port, and full answers return.
    const { body: health } = await getJson(podcastsUrl!.replace('/graphql', '/health'));
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

  it('an unknown domain or command is refused with the list of what exists', async () => {
    const unknownDomain = run(['subgraph', 'weather']);
    expect(await unknownDomain.output.exited).toBe(1);
    expect(unknownDomain.output.text()).toContain('Unknown domain "weather". Domains: listeners, podcasts, artists, insights.');
    const unknownCommand = run(['serve']);
    expect(await unknownCommand.output.exited).toBe(2);
    expect(unknownCommand.output.text()).toContain('Unknown command "serve".');
  });
});
