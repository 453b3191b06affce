import { createClient, type Client } from 'graphql-ws';
import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../session/session.ts';
import { requestHeaders } from './request.ts';

/** One answer of a subscription: its data (fields governance masks are null) and the errors saying why. */
export interface SubscriptionEvent<T> {
  data?: T | null;
  errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** What watching a subscription tells: each event as it comes, and how it ended. */
export interface SubscriptionSink<T> {
  next(event: SubscriptionEvent<T>): void;
  /** The gateway refused or ended it (an error, or a close such as 4403 for a refused token). */
  error?(error: Error): void;
  complete?(): void;
  /** The page's connection opened (true) or was lost (false): while lost, graphql-ws retries it a few times and subscribes again. */
  connection?(open: boolean): void;
}

let shared: { client: Client; authorization: string | undefined } | undefined;
/** The close code of a connection the gateway refused: it did not accept the viewer's token. */
export const TOKEN_REFUSED_CLOSE = 4403;

/** Who hears that the page's connection opened or was lost (the watched subscriptions). */
const connectionListeners = new Set<(open: boolean) => void>();
const tellConnection = (open: boolean) => connectionListeners.forEach((listener) => listener(open));
const isCloseEvent = (value: unknown): value is { code: number; reason: string } => typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;

/**
 * The page's one graphql-ws connection to the gateway (`/graphql`, ws or wss
 * as the page), opened on first use and sent the viewer's token in
 * `connection_init`. Signing in or out opens a new one: who the connection
 * is stays fixed for its life, as governance decides it once.
 */
function client(): Client {
  const { authorization } = requestHeaders();
  if (shared && shared.authorization === authorization) return shared.client;
  shared?.client.dispose();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const created = createClient({
    url,
    lazy: true,
    connectionParams: () => requestHeaders(),
    retryAttempts: 5,
    // A refused token (4403) is refused again at once: say so now rather than after half a minute of retries.
    shouldRetry: (error) => isCloseEvent(error) && error.code !== TOKEN_REFUSED_CLOSE,
    on: { connected: () => tellConnection(true), closed: () => tellConnection(false) },
  });
  shared = { client: created, authorization };
  return created;
}

/**
 * Subscribes over the gateway's WebSocket; returns what stops it. Once
 * stopped, the sink hears nothing more: graphql-ws would still call its
 * `complete`, which would read as the gateway ending the stream.
 */
export function subscribe<T>(query: string, variables: Record<string, unknown>, sink: SubscriptionSink<T>): () => void {
  let stopped = false;
  const connection = (open: boolean) => sink.connection?.(open);
  connectionListeners.add(connection);
  const stop = client().subscribe<T>(
    { query, variables },
    {
      next: (event) => !stopped && sink.next(event as SubscriptionEvent<T>),
      error: (error) => !stopped && sink.error?.(asError(error)),
      complete: () => !stopped && sink.complete?.(),
    },
  );
  return () => {
    stopped = true;
    connectionListeners.delete(connection);
    stop();
  };
}

/** An event as the page got it: when, and its number since the subscription started (from 1), a key that stays with it. */
export interface ReceivedEvent<T> extends SubscriptionEvent<T> {
  receivedAt: number;
  sequence: number;
}

/** What a subscription has given so far: its events, newest first, at most `keep`. */
export interface SubscriptionState<T> {
  events: ReceivedEvent<T>[];
  /** How many events came since it started, kept or not. */
  received: number;
  error?: Error;
  done: boolean;
  /** The connection was lost and graphql-ws is trying to open it again. */
  reconnecting: boolean;
}

const NOT_STARTED = { events: [], received: 0, done: false, reconnecting: false };

/**
 * Watches `query` while `active`, keeping the newest `keep` events. It starts
 * again when the query, the variables or the viewer change.
 */
export function useSubscription<T>(query: string, variables: Record<string, unknown>, { active = true, keep = 50 }: { active?: boolean; keep?: number } = {}): SubscriptionState<T> {
  const [state, setState] = useState<SubscriptionState<T>>(NOT_STARTED);
  const key = JSON.stringify(variables);
  const viewer = useSession()?.token;
  useEffect(() => {
    if (!active) return;
    setState(NOT_STARTED);
    return subscribe<T>(query, variables, {
      next: (event) =>
        setState((previous) => {
          const received = { ...event, receivedAt: Date.now(), sequence: previous.received + 1 };
          return { ...previous, events: [received, ...previous.events].slice(0, keep), received: received.sequence };
        }),
      error: (error) => setState((previous) => ({ ...previous, error, done: true, reconnecting: false })),
      complete: () => setState((previous) => ({ ...previous, done: true, reconnecting: false })),
      connection: (open) => setState((previous) => (previous.done ? previous : { ...previous, reconnecting: !open })),
    });
  }, [query, key, viewer, active, keep]);
  return state;
}

/** The page's connection closed and was not opened again: `code` is the WebSocket close code (4403: the gateway did not accept the token). */
export class ConnectionClosedError extends Error {
  override name = 'ConnectionClosedError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** graphql-ws ends a subscription with an Error, a list of GraphQL errors, or a CloseEvent. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (Array.isArray(error)) return new Error(error.map((e: { message?: string }) => e.message ?? String(e)).join(' '));
  if (isCloseEvent(error)) return new ConnectionClosedError(error.code, `The gateway closed the connection (${error.code}${error.reason ? `: ${error.reason}` : ''}).`);
  return new Error(String(error));
}
