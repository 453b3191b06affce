import { failureReason } from '../common/index.ts';
import { createTopicFollower, type EventLog, type LogRecord } from '../eventlog/index.ts';
import { composeMeshSupergraph } from '../gateway/composeMeshSupergraph.ts';
import type { SourcedSupergraph, SupergraphSource } from '../gateway/SupergraphSource.ts';
import { governs, type Consumer } from '../governance/Consumer.ts';
import type { MeshPolicy } from '../governance/policy/index.ts';
import type { Logger } from '../logger/index.ts';
import { ErrorCode } from '../schema/index.ts';
import { checkSubgraph, type SubgraphCheck } from './checks/index.ts';
import type { CheckReport } from './CheckReport.ts';
import type { Publication } from './Publication.ts';
import { PublicationError } from './Publication.ts';
import type { RegisteredSubgraph } from './RegisteredSubgraph.ts';
import { parseRegistryRecord, subgraphRecord, supergraphRecord, type RecordedSupergraph } from './registryRecord.ts';
import { REGISTRY_TOPIC } from './registryTopic.ts';

/** Options of `createMeshRegistry`. */
export interface MeshRegistryOptions {
  /** The event log the registry lives in, opened as the owner of its topic (the gateway's: `governance`); the registry creates the topic if it is missing. */
  log: EventLog;
  /** The mesh policy the checks hold every publication to. */
  policy: MeshPolicy;
  /** Where the policy came from, for the checks' messages. @default 'the mesh policy' */
  policySource?: string;
  /** Checks run on every publication besides the mesh's standards (breaking changes against observed use, say). @default none */
  extraChecks?: readonly SubgraphCheck[];
  logger: Logger;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** What a publication came to: recorded (and served by every replica), or refused with the reports saying why. */
export interface PublishResult {
  /** True when the publication was recorded: every replica serves it. */
  readonly published: boolean;
  /** What the checks found, one report per subgraph published: composition with the current mesh, the mesh's standards. */
  readonly reports: readonly CheckReport[];
  /** The subgraphs as recorded; none when refused. */
  readonly subgraphs: readonly RegisteredSubgraph[];
}

/** A publication the checks refused: who made it, when, what it held and the reports saying why. */
export interface RefusedPublication {
  readonly by: string;
  /** ISO-8601. */
  readonly at: string;
  readonly subgraphs: readonly RegisteredSubgraph[];
  readonly reports: readonly CheckReport[];
}

/** A publication the caller may not make: `code` is `UNAUTHENTICATED` (no credentials) or `FORBIDDEN` (another domain's subgraph). */
export class PublishForbiddenError extends Error {
  override name = 'PublishForbiddenError';
  constructor(
    readonly code: typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN,
    message: string,
  ) {
    super(message);
  }
}

/** The mesh's registry, on the event log: a gateway's supergraph source, and the publications that change it. */
export interface MeshRegistry extends SupergraphSource {
  /** Resolves once the registry read its topic back (rejects if it cannot read it). */
  readonly ready: Promise<void>;
  /** The latest publication of each subgraph, by name. */
  list(): readonly RegisteredSubgraph[];
  /**
   * Publishes subgraphs for `caller` (usually one; several at once when they
   * only compose together, as domains that refer to each other's polysemes
   * do when a mesh starts): checks each against the current mesh and the
   * others (composition and the mesh's standards) and, when no problem is an
   * error, records them with the supergraph they compose into; answers once
   * this replica serves it. Throws `PublishForbiddenError` when the caller
   * may not publish one of them.
   */
  publish(caller: Consumer | undefined, publications: readonly Publication[]): Promise<PublishResult>;
  /** Calls `listener` with each publication this replica's checks refuse (to tell the consumers it would break); returns how to stop. */
  onRefused(listener: (refused: RefusedPublication) => void): () => void;
  /** Stops following the topic. */
  close(): Promise<void>;
}

/** Who may publish a domain's subgraph: its owners, governance, or the domain's own service identity (a `service` consumer of the domain's team). */
export function mayPublish(consumer: Consumer | undefined, domain: string): boolean {
  return governs(consumer, domain) || (consumer?.kind === 'service' && consumer.team === domain);
}

/** Publications in a stable order with what tells them apart, to know whether a supergraph was composed from them. */
const fingerprint = (subgraphs: readonly RegisteredSubgraph[]) =>
  [...subgraphs]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => `${s.name}@${s.publishedAt}@${s.publishedBy}`)
    .join('\n');

const sourced = (sdl: string, subgraphs: readonly RegisteredSubgraph[]): SourcedSupergraph => ({
  sdl,
  subgraphs: subgraphs.map(({ name, url }) => ({ name, url })),
  subgraphSdls: subgraphs.map(({ name, sdl: subgraphSdl }) => ({ name, sdl: subgraphSdl })),
});

/**
 * The mesh's registry in the event log: a compacted topic holding the latest
 * publication of each subgraph and the last good supergraph. Every gateway
 * replica follows it: when the publications change, it composes them (or
 * takes the supergraph recorded with them) and serves the result without a
 * restart; when they do not compose (two domains published at once, say), it
 * keeps the last good supergraph. A replica that starts while domains are
 * down serves from the topic alone: publications carry their SDL.
 */
export function createMeshRegistry(options: MeshRegistryOptions): MeshRegistry {
  const { log, policy, policySource, extraChecks, logger, now = Date.now } = options;
  const published = new Map<string, RegisteredSubgraph>();
  let recorded: RecordedSupergraph | undefined;
  let served: { supergraph: SourcedSupergraph; from: string } | undefined;
  let replayed = false;
  let rejected = '';
  const listeners = new Set<(next: SourcedSupergraph) => void>();
  const waitingForFirst = new Set<() => void>();
  const refusalListeners = new Set<(refused: RefusedPublication) => void>();

  const serve = (supergraph: SourcedSupergraph, from: string) => {
    served = { supergraph, from };
    for (const wake of waitingForFirst) wake();
    waitingForFirst.clear();
    for (const listener of listeners) {
      try {
        listener(supergraph);
      } catch (error) {
        logger.error('the gateway cannot serve the registry\'s new supergraph; it keeps the one it has', { err: error });
      }
    }
  };

  /** Serves what the publications compose into, when they changed: the recorded supergraph if it was composed from them, else a composition here, else the last good one. */
  const refresh = () => {
    const subgraphs = [...published.values()];
    const from = fingerprint(subgraphs);
    if (subgraphs.length === 0 || served?.from === from) return;
    if (recorded && fingerprint(recorded.subgraphs) === from) return serve(sourced(recorded.sdl, recorded.subgraphs), from);
    try {
      serve(sourced(composeMeshSupergraph(subgraphs), subgraphs), from);
      rejected = '';
    } catch (error) {
      // Logged once per failing set; publications checked one at a time can still clash when two land at once.
      if (rejected !== from) logger.error('the registry\'s publications do not compose; keeping the last good supergraph', { subgraphs: subgraphs.map((s) => s.name).join(','), err: error });
      rejected = from;
      if (!served && recorded) serve(sourced(recorded.sdl, recorded.subgraphs), fingerprint(recorded.subgraphs));
    }
  };

  const apply = (record: LogRecord) => {
    let read;
    try {
      read = parseRegistryRecord(record);
    } catch (error) {
      if (!(error instanceof PublicationError)) throw error;
      logger.warn('skipped a record of the registry topic that is no publication', { topic: record.topic, offset: record.offset, reason: error.message });
      return;
    }
    if (read.kind === 'subgraph') published.set(read.subgraph.name, read.subgraph);
    else recorded = read.supergraph;
  };

  const follower = createTopicFollower({
    log,
    topic: REGISTRY_TOPIC,
    apply,
    onBatch: () => replayed && refresh(),
    onStop: (error) => logger.error('stopped following the registry topic: publications no longer reach this replica', { err: error }),
  });
  const ready = follower.caughtUp.then(() => {
    replayed = true;
    refresh();
  });

  // One publication at a time on this replica: each is checked against the mesh the one before it left.
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const turn = queue.then(task, task);
    queue = turn.catch(() => undefined);
    return turn;
  };

  const publishNow = async (caller: Consumer, publications: readonly Publication[]): Promise<PublishResult> => {
    await ready;
    // What other replicas recorded meanwhile is the mesh these publications join.
    await follower.sync();
    const publishedAt = new Date(now()).toISOString();
    const candidates: RegisteredSubgraph[] = publications.map((publication) => ({ ...publication, publishedBy: caller.id, publishedAt }));
    const names = new Set(candidates.map((c) => c.name));
    const subgraphs = [...[...published.values()].filter((s) => !names.has(s.name)), ...candidates];
    const reports = await Promise.all(
      candidates.map((candidate) => checkSubgraph(candidate, { subgraphs, policy, ...(policySource ? { policySource } : {}), ...(extraChecks ? { extraChecks } : {}) })),
    );
    const refused = (all: readonly CheckReport[]) => {
      logger.warn('publication refused', { subgraphs: [...names].join(','), by: caller.id, problems: all.flatMap((r) => r.problems).filter((p) => p.severity === 'error').length });
      for (const listener of refusalListeners) listener({ by: caller.id, at: publishedAt, subgraphs: candidates, reports: all });
      return { published: false, reports: all, subgraphs: [] };
    };
    if (!reports.every((report) => report.passed)) return refused(reports);
    let sdl: string;
    try {
      sdl = composeMeshSupergraph(subgraphs);
    } catch (error) {
      const problem = { check: 'composition', severity: 'error', message: `The mesh with these subgraphs does not compose: ${failureReason(error)}` } as const;
      return refused(reports.map((report) => ({ ...report, passed: false, problems: [...report.problems, problem] })));
    }
    const appended = await log.append(REGISTRY_TOPIC.name, [...candidates.map(subgraphRecord), supergraphRecord({ sdl, subgraphs, composedAt: publishedAt })]);
    await follower.applied(appended[appended.length - 1]!);
    logger.info('published', { subgraphs: candidates.map((c) => `${c.name}@${c.version}`).join(','), by: caller.id });
    return { published: true, reports, subgraphs: candidates };
  };

  return {
    ready,
    list: () => [...published.values()].sort((a, b) => a.name.localeCompare(b.name)),
    subgraphs: () => served?.supergraph.subgraphs ?? [],
    async start({ signal, logger: gatewayLogger }) {
      await ready;
      if (!served) {
        gatewayLogger.info('the registry has no publication yet; serving once a domain publishes (POST /registry/subgraphs, meshgraph publish)');
        await new Promise<void>((resolve, reject) => {
          const wake = () => {
            signal.removeEventListener('abort', abort);
            resolve();
          };
          const abort = () => {
            waitingForFirst.delete(wake);
            reject(signal.reason);
          };
          signal.throwIfAborted();
          waitingForFirst.add(wake);
          signal.addEventListener('abort', abort, { once: true });
        });
      }
      const first = served!.supergraph;
      return {
        supergraph: first,
        watch(onChange) {
          if (signal.aborted) return;
          listeners.add(onChange);
          signal.addEventListener('abort', () => listeners.delete(onChange), { once: true });
          // A publication may have landed while the gateway was starting to serve the first one.
          if (served && served.supergraph !== first) onChange(served.supergraph);
        },
      };
    },
    publish(caller, publications) {
      if (publications.length === 0) return Promise.reject(new PublicationError('Nothing to publish: give at least one subgraph.'));
      const names = publications.map((p) => p.name);
      const twice = names.find((name, i) => names.indexOf(name) !== i);
      if (twice) return Promise.reject(new PublicationError(`Subgraph "${twice}" is published twice in one publication.`));
      if (!caller) {
        return Promise.reject(new PublishForbiddenError(ErrorCode.UNAUTHENTICATED, `Publishing needs the domain's credentials: send "Authorization: Bearer <token>" (MESHGRAPH_TOKEN for meshgraph publish; npx meshgraph token ${names[0]}-owner prints one in development).`));
      }
      const forbidden = names.find((name) => !mayPublish(caller, name));
      if (forbidden) {
        return Promise.reject(new PublishForbiddenError(ErrorCode.FORBIDDEN, `"${caller.id}" may not publish subgraph "${forbidden}": a domain publishes only its own subgraph (its owners, its service identity, or governance may).`));
      }
      return inTurn(() => publishNow(caller, publications));
    },
    onRefused(listener) {
      refusalListeners.add(listener);
      return () => refusalListeners.delete(listener);
    },
    close: () => follower.close(),
  };
}
