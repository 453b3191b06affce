import { readFileSync } from 'node:fs';

// Linux counts a process's CPU time in clock ticks of 1/100 s (USER_HZ) on every common architecture.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) process `pid` used since it started, in seconds, from `/proc/<pid>/stat` (Linux). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}
