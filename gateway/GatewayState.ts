/**
 * Where a gateway is in its life: it listens at once and is `starting` while
 * it waits for subgraphs and composes them, `serving` once it has what serves
 * requests (`TServing`), `stopped` once closed. It goes only forward.
 */
export type GatewayState<TServing> =
  | { readonly status: 'starting' }
  | { readonly status: 'serving'; readonly serving: TServing }
  | { readonly status: 'stopped' };

/** A gateway's state and its transitions. */
export interface GatewayStateMachine<TServing> {
  readonly state: GatewayState<TServing>;
  /**
   * starting → serving. Returns false, leaving the state as it is, if the
   * gateway stopped meanwhile: the caller then stops what it started.
   */
  serve(serving: TServing): boolean;
  /** Any state → stopped. Returns what was serving, if anything, for the caller to stop. */
  stop(): TServing | undefined;
}

/** Fails the type check where a `switch` misses a case, and at run time if an unknown value comes. */
export function unreachable(value: never): never {
  throw new Error(`Unexpected state ${JSON.stringify(value)}.`);
}

/** A gateway's state machine, starting. */
export function createGatewayStateMachine<TServing>(): GatewayStateMachine<TServing> {
  let state: GatewayState<TServing> = { status: 'starting' };
  return {
    get state() {
      return state;
    },
    serve(serving) {
      switch (state.status) {
        case 'starting':
          state = { status: 'serving', serving };
          return true;
        case 'serving':
          throw new Error('The gateway is serving already: it starts serving once.');
        case 'stopped':
          return false;
        default:
          return unreachable(state);
      }
    },
    stop() {
      const previous = state;
      state = { status: 'stopped' };
      switch (previous.status) {
        case 'starting':
        case 'stopped':
          return undefined;
        case 'serving':
          return previous.serving;
        default:
          return unreachable(previous);
      }
    },
  };
}
