import { readFile } from 'node:fs/promises';

/** The resident set size of a process on this machine in bytes, from `/proc/<pid>/status` (Linux). */
export async function residentMemory(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kilobytes) throw new Error(`/proc/${pid}/status has no "VmRSS: <n> kB" line; the memory figures need Linux`);
  return Number(kilobytes) * 1024;
}
