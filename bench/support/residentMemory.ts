import { readFile } from 'node:fs/promises';

/** A `Vm…: <n> kB` line of `/proc/<pid>/status` (Linux), in bytes. */
async function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (!kilobytes) throw new Error(`/proc/${pid}/status has no "${field}: <n> kB" line; the memory figures need Linux`);
  return Number(kilobytes) * 1024;
}

/** The resident set size of a process on this machine in bytes, from `/proc/<pid>/status` (Linux). */
export const residentMemory = (pid: number): Promise<number> => statusBytes(pid, 'VmRSS');

/** The peak resident set size of a process since it started (`VmHWM`), in bytes (Linux). */
export const peakResidentMemory = (pid: number): Promise<number> => statusBytes(pid, 'VmHWM');
