import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Whether processes can be pinned to cores here: `taskset` (Debian:
 * util-linux) on the PATH and two cores at least; otherwise why not.
 */
export function pinningUnavailable(): string | undefined {
  if (availableParallelism() < 2) return `only ${availableParallelism()} core`;
  if (spawnSync('taskset', ['--version']).error) return 'no taskset on the PATH (Debian: apt-get install util-linux)';
  return undefined;
}

/** Pins every thread of process `pid` to `core` (`taskset -a -p -c`); threads it starts later inherit it. Throws with taskset's message when it fails. */
export function pinToCore(pid: number, core: number): void {
  const result = spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset could not pin process ${pid} to core ${core}: ${result.stderr || result.error?.message}`);
}
