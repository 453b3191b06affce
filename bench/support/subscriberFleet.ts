import { within } from './benchSettings.ts';
import type { PlayAppender } from './createPlayAppender.ts';
import { forkSubscribers, PLAY_IDS, type Subscribers } from './forkSubscribers.ts';

/** Warm-up plays are appended until every client has one: first after this, then at twice the interval, up to the maximum. */
const WARMUP_INTERVAL_MS = 250;
const MAX_WARMUP_INTERVAL_MS = 2_000;

/** graphql-ws clients spread over forked processes, and the warm-up that tells when all are subscribed. */
export interface SubscriberFleet {
  /**
   * Opens `clients` subscriptions to `query` on `url` (ws://) spread over up
   * to `processes` processes, each expecting `events` measured plays.
   */
  open(options: { url: string; query: string; clients: number; processes: number; events: number; concurrency: number }): Promise<{
    subscribers: Subscribers[];
    connected: number;
    failures: string[];
  }>;
  /**
   * Appends warm-up plays until every client of `subscribers` has one (a
   * subscription starts "from now", and nothing else tells when it has),
   * then one more that every client must get, so that what was queued is
   * through. False if that takes longer than `timeoutMs`.
   */
  warmUp(subscribers: readonly Subscribers[], timeoutMs: number): Promise<boolean>;
}

/** A fleet whose processes are handed to `track` (so an interrupted benchmark stops them) and whose warm-ups `appender` appends. */
export function createSubscriberFleet(appender: PlayAppender, track: <T extends { stop(): Promise<void> }>(service: T) => T): SubscriberFleet {
  let warmups = 0;
  return {
    async open({ url, query, clients, processes, events, concurrency }) {
      const subscribers = Array.from({ length: Math.min(processes, clients) }, () => track(forkSubscribers()));
      const share = (p: number) => Math.floor(clients / subscribers.length) + (p < clients % subscribers.length ? 1 : 0);
      const opened = await Promise.all(subscribers.map((s, p) => s.request({ type: 'open', url, query, clients: share(p), events, concurrency })));
      return { subscribers, connected: opened.reduce((n, o) => n + o.connected, 0), failures: opened.flatMap((o) => o.failures) };
    },
    async warmUp(subscribers, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      const primed = Promise.all(subscribers.map((s) => s.request({ type: 'watchWarmup', warmup: warmups })));
      // A watch still pending when the benchmark gives up rejects as its processes stop: that is not the failure to report.
      primed.catch(() => undefined);
      // Each warm-up goes to every client subscribed: the interval doubles, so a slow gateway is not buried under them.
      for (let interval = WARMUP_INTERVAL_MS; ; interval = Math.min(interval * 2, MAX_WARMUP_INTERVAL_MS)) {
        await appender.append(`${PLAY_IDS.warmup}${warmups++}`).durable;
        if (await within(primed, interval)) break;
        if (performance.now() > deadline) return false;
      }
      const barrier = warmups;
      const through = Promise.all(subscribers.map((s) => s.request({ type: 'watchWarmup', warmup: barrier })));
      through.catch(() => undefined);
      await appender.append(`${PLAY_IDS.warmup}${warmups++}`).durable;
      return within(through, Math.max(0, deadline - performance.now()));
    },
  };
}
