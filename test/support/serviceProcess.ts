import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServiceMessage } from '../../bin/serviceProcess.ts';
import { watchOutput, type ProcessOutput } from './processOutput.ts';

const CLI = fileURLToPath(new URL('../../bin/meshgraph.ts', import.meta.url));

/** One `meshgraph` service (a domain or the gateway) in its own process, as `npm start` runs it. */
export interface ServiceProcess {
  readonly name: string;
  /** Where it serves GraphQL; a restart keeps the port. */
  readonly url: string;
  /** How many times it was started. */
  readonly starts: number;
  /** What the current process printed. */
  output(): ProcessOutput;
  /** Kills the process with `signal` and resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port, with `env` added; resolves once it says it is ready. */
  restart(env?: Record<string, string>): Promise<void>;
  /** Stops it gracefully (SIGTERM). */
  close(): Promise<void>;
}

/**
 * Runs `meshgraph <args>` (the TypeScript sources, through tsx) and resolves
 * once the service reports ready over IPC, as the `start` supervisor sees it.
 */
export async function startServiceProcess(name: string, args: readonly string[], env: Record<string, string>): Promise<ServiceProcess> {
  let child: ChildProcess;
  let output: ProcessOutput;
  let url = '';
  let starts = 0;
  let extra: Record<string, string> = {};

  const launch = async (): Promise<void> => {
    const port = url ? new URL(url).port : (env.PORT ?? '0');
    child = fork(CLI, [...args], {
      env: { ...process.env, ...env, ...extra, PORT: port },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    starts++;
    output = watchOutput(child);
    const ready = new Promise<string>((resolve) =>
      child.on('message', (message: ServiceMessage) => message?.type === 'ready' && resolve(message.url)),
    );
    url = await Promise.race([
      ready,
      output.exited.then((code) => {
        throw new Error(`${name} exited (${code}) before it was ready:\n${output.text().slice(-3000)}`);
      }),
    ]);
  };

  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await output.exited;
  };

  await launch();
  return {
    name,
    get url() {
      return url;
    },
    get starts() {
      return starts;
    },
    output: () => output,
    kill,
    async restart(more = {}) {
      await kill('SIGKILL');
      extra = { ...extra, ...more };
      await launch();
    },
    close: () => kill('SIGTERM'),
  };
}
