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
}

let shared: { client: Client; authorization: string | undefined } | undefined;

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
  const created = createClient({ url, lazy: true, connectionParams: () => requestHeaders(), retryAttempts: 5 });
  shared = { client: created, authorization };
  return created;
}

/** Subscribes over the gateway's WebSocket; returns what stops it. */
export function subscribe<T>(query: string, variables: Record<string, unknown>, sink: SubscriptionSink<T>): () => void {
  return client().subscribe<T>(
    { query, variables },
    {
      next: (event) => sink.next(event as SubscriptionEvent<T>),
      error: (error) => sink.error?.(asError(error)),
      complete: () => sink.complete?.(),
    },
  );
}

/** What a subscription has given so far: its events, newest first, at most `keep`. */
export interface SubscriptionState<T> {
  events: SubscriptionEvent<T>[];
  error?: Error;
  done: boolean;
}

/**
 * Watches `query` while `active`, keeping the newest `keep` events. It starts
 * again when the query, the variables or the viewer change.
 */
export function useSubscription<T>(query: string, variables: Record<string, unknown>, { active = true, keep = 50 }: { active?: boolean; keep?: number } = {}): SubscriptionState<T> {
  const [state, setState] = useState<SubscriptionState<T>>({ events: [], done: false });
  const key = JSON.stringify(variables);
  const viewer = useSession()?.token;
  useEffect(() => {
    if (!active) return;
    setState({ events: [], done: false });
    return subscribe<T>(query, variables, {
      next: (event) => setState((previous) => ({ ...previous, events: [event, ...previous.events].slice(0, keep) })),
      error: (error) => setState((previous) => ({ ...previous, error, done: true })),
      complete: () => setState((previous) => ({ ...previous, done: true })),
    });
  }, [query, key, viewer, active, keep]);
  return state;
}

/** graphql-ws ends a subscription with an Error, a list of GraphQL errors, or a CloseEvent. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (Array.isArray(error)) return new Error(error.map((e: { message?: string }) => e.message ?? String(e)).join(' '));
  if (typeof CloseEvent !== 'undefined' && error instanceof CloseEvent) return new Error(`The gateway closed the connection (${error.code}${error.reason ? `: ${error.reason}` : ''}).`);
  return new Error(String(error));
}
