import type { ChildProcess } from 'node:child_process';

/** What a child process printed, with a way to wait for a line. */
export interface ProcessOutput {
  text(): string;
  /** Resolves with the match once the output (stdout and stderr together) matches `pattern` `count` times. */
  waitFor(pattern: RegExp, count?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<number | string>;
}

/** Collects a child's stdout and stderr as they arrive. */
export function watchOutput(child: ChildProcess): ProcessOutput {
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    text: () => output,
    exited,
    waitFor(pattern, count = 1) {
      const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
      return new Promise((resolve, reject) => {
        const check = () => {
          const matches = [...output.matchAll(global)];
          if (matches.length >= count) {
            waiters.delete(check);
            resolve(matches[count - 1]!);
          }
        };
        waiters.add(check);
        check();
        void exited.then((code) => {
          if (waiters.delete(check)) reject(new Error(`process exited (${code}) before printing ${pattern}:\n${output.slice(-3000)}`));
        });
      });
    },
  };
}
