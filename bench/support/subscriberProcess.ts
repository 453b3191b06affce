/**
 * A process of graphql-ws clients for `bench/subscriptions.ts`: each client
 * is its own WebSocket (the official `graphql-ws` client on `ws`) with one
 * subscription, and notes when each measured play reaches it. Driven over
 * IPC by `forkSubscribers`.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { epochNow } from './epochNow.ts';
import { PLAY_IDS, type SubscriberCommand, type SubscriberFigures, type SubscriberReply } from './forkSubscribers.ts';

const reply = (message: SubscriberReply): void => void process.send!(message);
const MAX_PROBLEMS = 5;
const CLOSE_TIMEOUT_MS = 3_000;

let clients: Client[] = [];
let openSockets = 0;
let allClosed: (() => void) | undefined;
let events = 0;
/** When measured play `i` reached client `c`: `arrivals[c * events + i]`, NaN until it does. */
let arrivals = new Float64Array(0);
let warmSeen = new Int32Array(0);
let measuredSeen = new Int32Array(0);
let failed = new Uint8Array(0);
let duplicates = 0;
let badEvents = 0;
let lastArrival = 0;
const problems: string[] = [];
const problem = (text: string) => void (problems.length < MAX_PROBLEMS && problems.push(text));

/** One pending "tell me when every client …" watch: how many clients are there yet. */
let warmWatch: { warmup: number; reached: number } | undefined;
let measuredWatch: { reached: number } | undefined;

const checkWatches = () => {
  if (warmWatch && warmWatch.reached >= clients.length) {
    reply({ type: 'watchWarmup', warmup: warmWatch.warmup });
    warmWatch = undefined;
  }
  if (measuredWatch && measuredWatch.reached >= clients.length) {
    reply({ type: 'watchMeasured' });
    measuredWatch = undefined;
  }
};
const isWarm = (c: number, warmup: number) => failed[c] === 1 || warmSeen[c]! >= warmup;
const isComplete = (c: number) => failed[c] === 1 || measuredSeen[c] === events;

/** The play id of an event, or why the event does not count. */
function playIdOf(result: { data?: unknown; errors?: readonly unknown[] }): string | { problem: string } {
  if (result.errors?.length) return { problem: `errors: ${JSON.stringify(result.errors).slice(0, 300)}` };
  const played = (result.data as { episodePlayed?: { play?: Record<string, unknown> } } | null | undefined)?.episodePlayed;
  const play = played?.play as
    | { id?: unknown; episode?: { title?: unknown; podcast?: { title?: unknown; host?: { name?: unknown } | null } }; listener?: { country?: unknown } | null }
    | undefined;
  const complete =
    typeof play?.id === 'string' &&
    typeof play.episode?.title === 'string' &&
    typeof play.episode.podcast?.title === 'string' &&
    typeof play.episode.podcast.host?.name === 'string' &&
    typeof play.listener?.country === 'string';
  return complete ? (play!.id as string) : { problem: `an event without its cross-domain fields: ${JSON.stringify(result.data).slice(0, 300)}` };
}

function onEvent(c: number, result: { data?: unknown; errors?: readonly unknown[] }) {
  const arrivedAt = epochNow();
  const id = playIdOf(result);
  if (typeof id !== 'string') {
    badEvents++;
    return problem(id.problem);
  }
  if (id.startsWith(PLAY_IDS.warmup)) {
    const warmup = Number(id.slice(PLAY_IDS.warmup.length));
    if (warmWatch && !isWarm(c, warmWatch.warmup) && warmup >= warmWatch.warmup) warmWatch.reached++;
    warmSeen[c] = Math.max(warmSeen[c]!, warmup);
  } else if (id.startsWith(PLAY_IDS.measured)) {
    const i = Number(id.slice(PLAY_IDS.measured.length));
    const slot = c * events + i;
    if (!(i >= 0 && i < events)) return problem(`a measured play out of range: "${id}"`);
    if (!Number.isNaN(arrivals[slot]!)) return void duplicates++;
    arrivals[slot] = arrivedAt;
    lastArrival = Math.max(lastArrival, arrivedAt);
    measuredSeen[c]!++;
    if (measuredWatch && measuredSeen[c] === events) measuredWatch.reached++;
  }
  checkWatches();
}

function onFailure(c: number, why: string) {
  if (failed[c] === 1) return;
  // Counted as there, so that watches do not wait for a client that will never see anything.
  if (warmWatch && !isWarm(c, warmWatch.warmup)) warmWatch.reached++;
  if (measuredWatch && !isComplete(c)) measuredWatch.reached++;
  failed[c] = 1;
  problem(why);
  checkWatches();
}

const describe = (error: unknown) =>
  error instanceof Error ? error.message : error && typeof error === 'object' && 'code' in error ? `closed with ${String((error as { code: unknown }).code)} ${String((error as { reason?: unknown }).reason ?? '')}` : JSON.stringify(error);

/** Opens client `c`: resolves once it is connected (its subscription is sent next) or has failed. */
function open(c: number, url: string, query: string): Promise<void> {
  return new Promise((resolve) => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      on: { opened: () => void openSockets++, connected: () => resolve(), closed: () => void (--openSockets === 0 && allClosed?.()) },
    });
    clients[c] = client;
    client.subscribe(
      { query },
      {
        next: (result) => onEvent(c, result),
        error: (error) => {
          onFailure(c, `client ${c}: ${describe(error)}`);
          resolve();
        },
        complete: () => onFailure(c, `client ${c}: the subscription completed`),
      },
    );
  });
}

async function handle(command: SubscriberCommand): Promise<void> {
  switch (command.type) {
    case 'open': {
      const { url, query, concurrency } = command;
      events = command.events;
      arrivals = new Float64Array(command.clients * events).fill(Number.NaN);
      warmSeen = new Int32Array(command.clients).fill(-1);
      measuredSeen = new Int32Array(command.clients);
      failed = new Uint8Array(command.clients);
      clients = new Array<Client>(command.clients);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, command.clients) }, async () => {
          while (next < command.clients) await open(next++, url, query);
        }),
      );
      return reply({ type: 'open', connected: failed.reduce((n, f) => n + (f ? 0 : 1), 0), failures: [...problems] });
    }
    case 'watchWarmup': {
      warmWatch = { warmup: command.warmup, reached: 0 };
      for (let c = 0; c < clients.length; c++) if (isWarm(c, command.warmup)) warmWatch.reached++;
      return checkWatches();
    }
    case 'watchMeasured': {
      measuredWatch = { reached: 0 };
      for (let c = 0; c < clients.length; c++) if (isComplete(c)) measuredWatch.reached++;
      return checkWatches();
    }
    case 'report': {
      const latencies: number[] = [];
      for (let c = 0; c < clients.length; c++) {
        for (let i = 0; i < events; i++) {
          const arrived = arrivals[c * events + i]!;
          if (!Number.isNaN(arrived)) latencies.push(arrived - command.appendedAt[i]!);
        }
      }
      const figures: SubscriberFigures = {
        clients: clients.length,
        latencies: Float64Array.from(latencies),
        duplicates,
        badEvents,
        failedClients: failed.reduce((n, f) => n + f, 0),
        lastArrival,
        problems: [...problems],
      };
      return reply({ type: 'report', figures });
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

process.on('message', (command: SubscriberCommand) => void handle(command));
// The benchmark ends these processes; if it goes away first, so do they.
process.on('disconnect', () => process.exit(0));
// Closes every socket properly (a gateway would otherwise see thousands of broken pipes), but waits at most a few seconds for a busy gateway to answer.
process.on('SIGTERM', () => {
  if (openSockets === 0) process.exit(0);
  allClosed = () => process.exit(0);
  setTimeout(() => process.exit(0), CLOSE_TIMEOUT_MS).unref();
  for (const client of clients) void client?.dispose();
});
