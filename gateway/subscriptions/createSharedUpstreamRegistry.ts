import type { ExecutionResult, GraphQLError } from 'graphql';
import type { ClientOperation, OperationFanout } from './createOperationFanout.ts';
import type { SubscriptionPlan } from './createSubscriptionPlanner.ts';
import type { Upstream } from './createUpstream.ts';
import { sharedUpstreamKey } from './subscriptionKeys.ts';

/** What a new shared upstream subscribes to. */
export interface UpstreamRequest {
  plan: SubscriptionPlan;
  operation: ClientOperation;
  /** Start right after this cursor rather than where the operation says. */
  after: string | undefined;
}

/** Where a shared upstream's subscription reports. */
export interface UpstreamHandlers {
  onEvent(event: ExecutionResult): void;
  /** The subgraph refused or ended the subscription with GraphQL errors: final. */
  onErrors(errors: readonly GraphQLError[]): void;
  /** The subgraph completed the subscription: final. */
  onComplete(): void;
}

/** One upstream subscription and the client operations it feeds. */
export interface SharedUpstream {
  /** See `sharedUpstreamKey`. */
  readonly key: string;
  readonly upstream: Upstream;
  /** The operations it feeds, by operation key. */
  readonly operations: ReadonlyMap<string, OperationFanout>;
}

export interface SharedUpstreamRegistryOptions {
  /** Subscribes to the subgraph for a new shared upstream. */
  subscribe(request: UpstreamRequest, handlers: UpstreamHandlers): Upstream;
  /** Makes the fanout of an operation that joins a shared upstream with no fanout of that key. */
  createFanout(key: string, operation: ClientOperation, plan: SubscriptionPlan): OperationFanout;
}

/** The open shared upstream subscriptions, keyed by (subgraph operation, variables, credentials, client name). */
export interface SharedUpstreamRegistry {
  /**
   * Adds an operation to the shared upstream its plan reads, opening one
   * (after `after`, if given) when none is open that can take it; returns the
   * operation's fanout there, which other clients of the operation share.
   */
  attach(key: string, operation: ClientOperation, plan: SubscriptionPlan, after?: string): OperationFanout;
  /** Removes a fanout that has no clients left; its upstream closes with its last fanout. */
  detach(fanout: OperationFanout): void;
  /**
   * Moves a fanout to the upstream that `plan` reads, resuming right after the
   * last event the current one received; returns the fanout there, which the
   * clients must now be in. The current upstream closes if it feeds nothing else.
   */
  move(fanout: OperationFanout, plan: SubscriptionPlan): OperationFanout;
  /** Every open shared upstream. */
  all(): readonly SharedUpstream[];
  readonly size: number;
  /** Closes every upstream and ends every client, now. */
  close(): void;
}

interface OpenUpstream extends SharedUpstream {
  readonly operations: Map<string, OperationFanout>;
  /** It started at a cursor: once it has moved past it, clients asking for that cursor need an upstream of their own. */
  readonly positioned: boolean;
}

/**
 * Shares upstream subscriptions among client operations: one per subgraph
 * operation, variables it uses, credentials and client name. An upstream that
 * started at a cursor takes new operations only until its first event.
 */
export function createSharedUpstreamRegistry({ subscribe, createFanout }: SharedUpstreamRegistryOptions): SharedUpstreamRegistry {
  const open = new Set<OpenUpstream>();
  /** The upstreams a new operation may join, by key. */
  const joinable = new Map<string, OpenUpstream>();
  /** Which upstream each fanout is on. */
  const upstreamOf = new Map<OperationFanout, OpenUpstream>();

  const retire = (shared: OpenUpstream) => {
    open.delete(shared);
    if (joinable.get(shared.key) === shared) joinable.delete(shared.key);
    shared.upstream.close();
  };

  const openUpstream = (key: string, operation: ClientOperation, plan: SubscriptionPlan, after: string | undefined): OpenUpstream => {
    const positioned = after !== undefined || plan.upstreamOperation.startsAfter(operation.variables);
    const operations = new Map<string, OperationFanout>();
    const endAll = (result?: ExecutionResult) => {
      retire(shared);
      for (const fanout of operations.values()) fanout.end(result);
    };
    const upstream = subscribe(
      { plan, operation, after },
      {
        onEvent: (event) => {
          if (positioned && joinable.get(key) === shared) joinable.delete(key);
          for (const fanout of operations.values()) fanout.push(event);
        },
        onErrors: (errors) => endAll({ errors }),
        onComplete: () => endAll(),
      },
    );
    const shared: OpenUpstream = { key, upstream, operations, positioned };
    open.add(shared);
    joinable.set(key, shared);
    return shared;
  };

  const attach = (key: string, operation: ClientOperation, plan: SubscriptionPlan, after?: string): OperationFanout => {
    const upstreamKey = sharedUpstreamKey(plan, operation.variables, operation.context);
    const shared = joinable.get(upstreamKey) ?? openUpstream(upstreamKey, operation, plan, after);
    let fanout = shared.operations.get(key);
    if (!fanout) {
      fanout = createFanout(key, operation, plan);
      shared.operations.set(key, fanout);
      upstreamOf.set(fanout, shared);
    }
    return fanout;
  };

  /** Takes a fanout off its upstream, closing the upstream if that was its last. */
  const takeOff = (fanout: OperationFanout, shared: OpenUpstream) => {
    upstreamOf.delete(fanout);
    if (shared.operations.get(fanout.key) === fanout) shared.operations.delete(fanout.key);
    if (shared.operations.size === 0 && open.has(shared)) retire(shared);
  };

  return {
    attach,
    detach(fanout) {
      const shared = upstreamOf.get(fanout);
      if (shared) takeOff(fanout, shared);
    },
    move(fanout, plan) {
      const shared = upstreamOf.get(fanout);
      if (!shared) throw new Error(`The operation "${fanout.key}" is on no upstream.`);
      shared.operations.delete(fanout.key);
      const moved = attach(fanout.key, fanout.operation, plan, shared.upstream.lastCursor);
      moved.continueAfter(fanout);
      for (const client of fanout.clients) moved.clients.add(client);
      takeOff(fanout, shared);
      return moved;
    },
    all: () => [...open],
    get size() {
      return open.size;
    },
    close() {
      for (const shared of [...open]) {
        shared.upstream.close();
        for (const fanout of shared.operations.values()) fanout.close();
      }
      open.clear();
      joinable.clear();
      upstreamOf.clear();
    },
  };
}
