import { createTopicFollower, HEADERS, type Appended, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import { governs, type Consumer } from '../../governance/Consumer.ts';
import { productDomain } from '../../governance/agreements/index.ts';
import type { Logger } from '../../logger/index.ts';
import { ErrorCode, type DataProductDescriptor } from '../../schema/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import { checkLifecycleMove } from './checkLifecycleMove.ts';
import { LifecycleError } from './LifecycleError.ts';
import { lifecycleRecord, parseLifecycleRecord } from './lifecycleRecord.ts';
import { LIFECYCLE_TOPIC } from './lifecycleTopic.ts';
import type { LifecycleBook, LifecycleChange, LifecycleRequest, ProductLifecycle } from './ProductLifecycle.ts';

/** Options of `createLifecycleBook`. */
export interface LifecycleBookOptions {
  /** The event log of the lifecycle topic, opened as its owner (the gateway's: `governance`); the book creates the topic if it is missing. */
  log: EventLog;
  /** A data product the registry knows, by URN (the gateway passes its registry's publications, `publishedProducts`); undefined when none has it. */
  products: (urn: string) => DataProductDescriptor | undefined;
  logger: Logger;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** A lifecycle as this replica holds it, with the record it came from (to tell whose move won). */
interface Held {
  lifecycle: ProductLifecycle;
  partition: number;
  offset: number;
}

const fail = (code: LifecycleError['code'], message: string): never => {
  throw new LifecycleError(code, message);
};

/**
 * The data products' lifecycles on the event log (`registry.lifecycle.v1`):
 * a move appends the product's whole lifecycle, and every replica (this one
 * included) applies what it reads there, from the topic's start and then
 * live. So every gateway replica sees a move made on another, a restart
 * loses nothing, and `move` answers once its own record was applied here.
 * A replica applies a lifecycle only when its history is longer than the one
 * it holds: when two replicas move one product at once, the first record in
 * the log wins, and the other move fails after restating the winner (so
 * compaction keeps it). `onChange` tells the moves read once the book caught
 * up with the topic, not those it replays at start.
 */
export function createLifecycleBook(options: LifecycleBookOptions): LifecycleBook {
  const { log, products, logger, now = Date.now } = options;
  const held = new Map<string, Held>();
  const listeners = new Set<(change: LifecycleChange, lifecycle: ProductLifecycle) => void>();
  let live = false;

  const notify = (lifecycle: ProductLifecycle) => {
    const change = lifecycle.history.at(-1)!;
    for (const listener of listeners) {
      try {
        listener(change, lifecycle);
      } catch (error) {
        logger.error('a lifecycle listener failed', { urn: lifecycle.urn, err: error });
      }
    }
  };

  const apply = (record: LogRecord) => {
    let lifecycle: ProductLifecycle;
    try {
      lifecycle = parseLifecycleRecord(record.value, record.headers[HEADERS.schemaVersion]);
      if (lifecycle.urn !== record.key) throw new EventRejected(`the record's key ${JSON.stringify(record.key)} is not the product's URN "${lifecycle.urn}"`);
    } catch (error) {
      if (!(error instanceof EventRejected)) throw error;
      logger.warn('skipped a record of the lifecycle topic that is no product lifecycle', { topic: record.topic, partition: record.partition, offset: record.offset, reason: error.reason });
      return;
    }
    const current = held.get(lifecycle.urn);
    // A move made on an older state (another replica's won), or a restatement of the winner: nothing new.
    if (current && lifecycle.history.length <= current.lifecycle.history.length) return;
    held.set(lifecycle.urn, { lifecycle, partition: record.partition, offset: record.offset });
    if (live) notify(lifecycle);
  };

  const follower = createTopicFollower({
    log,
    topic: LIFECYCLE_TOPIC,
    apply,
    onStop: (error) => logger.error('stopped following the lifecycle topic: status moves no longer reach this replica', { err: error }),
  });
  const ready = follower.caughtUp.then(() => {
    live = true;
  });

  // One move at a time on this replica: each is checked against the state the one before it left.
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const turn = queue.then(task, task);
    queue = turn.catch(() => undefined);
    return turn;
  };

  const isKnown = (urn: string) => products(urn) !== undefined || held.has(urn);

  /** Appends `next` and answers it once applied here; if another replica's move won, restates that one and fails. */
  const commit = async (next: ProductLifecycle): Promise<ProductLifecycle> => {
    const [appended] = (await log.append(LIFECYCLE_TOPIC.name, [lifecycleRecord(next)])) as [Appended];
    await follower.applied(appended);
    const winner = held.get(next.urn)!;
    if (winner.partition === appended.partition && winner.offset === appended.offset) return winner.lifecycle;
    // Compaction keeps a product's last record: it must be the winner's, not this one the replicas skipped.
    await log.append(LIFECYCLE_TOPIC.name, [lifecycleRecord(winner.lifecycle)]);
    const last = winner.lifecycle.history.at(-1)!;
    return fail(ErrorCode.BAD_USER_INPUT, `${next.urn} moved meanwhile: ${last.by} made it ${last.to} at ${last.at}. Read it again (GET /registry/lifecycle?urn=…) and decide.`);
  };

  const moveNow = async (caller: Consumer, request: LifecycleRequest): Promise<ProductLifecycle> => {
    await ready;
    // What other replicas recorded meanwhile is the state this move starts from.
    await follower.sync();
    const current = held.get(request.urn)?.lifecycle;
    const descriptor = products(request.urn) ?? current?.descriptor;
    if (!descriptor) return fail(ErrorCode.UNKNOWN_DATA_PRODUCT, `No data product the registry knows has URN "${request.urn}": its domain publishes it first (meshgraph publish); GET /registry/subgraphs lists what is published.`);
    const change = checkLifecycleMove(request, { caller, from: current?.status ?? descriptor.status, current, isKnown, now: now() });
    // A retirement that names no successor keeps the one its deprecation named: consumers are sent there.
    const successor = change.successor ?? (change.to === 'retired' ? current?.successor : undefined);
    const next: ProductLifecycle = {
      urn: change.urn,
      status: change.to,
      reason: change.reason,
      ...(successor !== undefined ? { successor } : {}),
      ...(change.sunset !== undefined ? { sunset: change.sunset } : {}),
      history: [...(current?.history ?? []), change],
      descriptor,
    };
    const moved = await commit(next);
    logger.info('data product moved', { urn: change.urn, from: change.from, to: change.to, by: caller.id });
    return moved;
  };

  return {
    ready,
    get: (urn) => held.get(urn)?.lifecycle,
    list: () => [...held.values()].map((h) => h.lifecycle).sort((a, b) => a.urn.localeCompare(b.urn)),
    move(caller, request) {
      if (!caller) {
        return Promise.reject(new LifecycleError(ErrorCode.UNAUTHENTICATED, `Moving a data product's status needs its domain owner's credentials (or governance's): send "Authorization: Bearer <token>" (MESHGRAPH_TOKEN for meshgraph lifecycle; npx meshgraph token <domain>-owner prints one in development).`));
      }
      const domain = productDomain(request.urn);
      if (!domain) return Promise.reject(new LifecycleError(ErrorCode.BAD_USER_INPUT, `"urn" must be a data product's URN, urn:meshgraph:<domain>:<product>:v<major>, but is ${JSON.stringify(request.urn)}.`));
      if (!governs(caller, domain)) {
        return Promise.reject(new LifecycleError(ErrorCode.FORBIDDEN, `Only the owners of domain "${domain}" (or governance) move the status of ${request.urn}; "${caller.id}" is neither.`));
      }
      return inTurn(() => moveNow(caller, request));
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await follower.close();
    },
  };
}
