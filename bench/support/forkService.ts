import { fork, type ChildProcess } from 'node:child_process';

/** A service process started for a benchmark, with the URL it reported. */
export interface ForkedService {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Forks an entry point (TypeScript with the tsx loader, compiled JavaScript
 * with plain node) and waits for its `{ type: 'ready', url }` message;
 * rejects if it exits first. `nodeOptions` go to node before the entry
 * (`--cpu-prof`, which NODE_OPTIONS refuses).
 */
export function forkService(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeOptions: readonly string[] = []): Promise<ForkedService> {
  const child = fork(entry, args, {
    execArgv: [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), ...nodeOptions],
    env: { ...process.env, PORT: '0', MESHGRAPH_LOG_LEVEL: 'warn', ...env },
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before it was ready`)));
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type === 'ready' && message.url) resolve({ name, url: message.url, child, stop });
    });
  });
}
