import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Id prefixes of the plays the benchmark appends: warm-ups (`bench-w-3`) and measured plays (`bench-m-17`). */
export const PLAY_IDS = { warmup: 'bench-w-', measured: 'bench-m-' } as const;

/** What the benchmark asks a subscriber process; each command has one reply. */
export type SubscriberCommand =
  | {
      type: 'open';
      /** The gateway's ws:// URL. */
      url: string;
      query: string;
      clients: number;
      /** Measured plays that will be appended, numbered from 0. */
      events: number;
      /** Connections being opened at once. */
      concurrency: number;
    }
  /** Reply when every client has seen warm-up play `warmup` or a later one. */
  | { type: 'watchWarmup'; warmup: number }
  /** Reply when every client has every measured play (or has failed). */
  | { type: 'watchMeasured' }
  /** Latencies of the measured plays, given when each was appended. */
  | { type: 'report'; appendedAt: Float64Array };

/** A subscriber process' replies. */
export type SubscriberReply =
  | { type: 'open'; connected: number; failures: string[] }
  | { type: 'watchWarmup'; warmup: number }
  | { type: 'watchMeasured' }
  | { type: 'report'; figures: SubscriberFigures };

/** What one subscriber process saw of the measured plays. */
export interface SubscriberFigures {
  clients: number;
  /** Append-to-client latency (ms) of every measured play received, over every client. */
  latencies: Float64Array;
  /** Measured plays received more than once by a client. */
  duplicates: number;
  /** Events that were GraphQL errors or lacked a cross-domain field. */
  badEvents: number;
  /** Clients whose subscription ended with an error or early. */
  failedClients: number;
  /** When the last measured play arrived, epoch ms; 0 if none did. */
  lastArrival: number;
  /** The first few problems, quoted. */
  problems: string[];
}

/** A forked process of graphql-ws clients (see `subscriberProcess.ts`). */
export interface Subscribers {
  pid: number;
  request<T extends SubscriberCommand['type']>(command: Extract<SubscriberCommand, { type: T }>): Promise<Extract<SubscriberReply, { type: T }>>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./subscriberProcess.ts', import.meta.url));

/**
 * Forks a process that will hold graphql-ws clients. Requests are answered
 * in turn; one still waiting when the process exits is rejected.
 */
export function forkSubscribers(): Subscribers {
  // 'advanced' serialization carries typed arrays (latencies) as they are.
  const child: ChildProcess = fork(ENTRY, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
  const waiting = new Map<string, { resolve: (reply: SubscriberReply) => void; reject: (error: Error) => void }>();
  child.on('message', (reply: SubscriberReply) => {
    const waiter = waiting.get(reply.type);
    waiting.delete(reply.type);
    waiter?.resolve(reply);
  });
  child.once('exit', (code, signal) => {
    for (const [type, waiter] of waiting) waiter.reject(new Error(`the subscriber process ${child.pid} exited (${signal ?? `code ${code}`}) before it answered "${type}"`));
    waiting.clear();
  });
  return {
    pid: child.pid!,
    request(command) {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`the subscriber process ${child.pid} has exited`));
      return new Promise((resolve, reject) => {
        if (waiting.has(command.type)) throw new Error(`a "${command.type}" request to the subscriber process is already waiting`);
        waiting.set(command.type, { resolve: resolve as (reply: SubscriberReply) => void, reject });
        child.send(command);
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
