import { GraphQLError, type ExecutionResult } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';

/** Which limit refused a subscription. */
export type SubscriptionLimit = 'per_connection' | 'total';

export interface ClientRegistryOptions {
  /** Open subscriptions one connection may hold. */
  maxPerConnection: number;
  /** Open subscriptions in all. */
  maxTotal: number;
}

/** The open client subscriptions, which group each is in, and the limits on how many there are. */
export interface ClientRegistry<TClient, TGroup> {
  /** A `TOO_MANY_SUBSCRIPTIONS` result (counted) if `connection` may not open one more subscription; nothing if it may. */
  refusal(connection: object): ExecutionResult | undefined;
  add(client: TClient, connection: object, group: TGroup): void;
  /** The client's group changed (its operation moved to another upstream). */
  move(client: TClient, group: TGroup): void;
  /** Forgets a client that ended; returns the group it was in. */
  remove(client: TClient): TGroup | undefined;
  /** Open client subscriptions. */
  readonly size: number;
  /** Subscriptions refused so far, by limit. */
  refused(): Readonly<Record<SubscriptionLimit, number>>;
}

const refusal = (message: string): ExecutionResult => ({ errors: [new GraphQLError(message, { extensions: { code: ErrorCode.TOO_MANY_SUBSCRIPTIONS } })] });

/** Keeps count of client subscriptions per connection and in all, refusing those beyond the limits. */
export function createClientRegistry<TClient, TGroup>({ maxPerConnection, maxTotal }: ClientRegistryOptions): ClientRegistry<TClient, TGroup> {
  const perConnection = new WeakMap<object, number>();
  const clients = new Map<TClient, { connection: object; group: TGroup }>();
  const refused: Record<SubscriptionLimit, number> = { per_connection: 0, total: 0 };

  return {
    refusal(connection) {
      const open = perConnection.get(connection) ?? 0;
      if (open >= maxPerConnection) {
        refused.per_connection++;
        return refusal(`This connection already has ${open} open subscriptions, the most one connection may hold. Complete one first, or open another connection.`);
      }
      if (clients.size >= maxTotal) {
        refused.total++;
        return refusal(`The gateway holds ${clients.size} subscriptions, its limit. Retry later.`);
      }
      return undefined;
    },
    add(client, connection, group) {
      perConnection.set(connection, (perConnection.get(connection) ?? 0) + 1);
      clients.set(client, { connection, group });
    },
    move(client, group) {
      const entry = clients.get(client);
      if (entry) entry.group = group;
    },
    remove(client) {
      const entry = clients.get(client);
      if (!entry) return undefined;
      clients.delete(client);
      perConnection.set(entry.connection, (perConnection.get(entry.connection) ?? 1) - 1);
      return entry.group;
    },
    get size() {
      return clients.size;
    },
    refused: () => ({ ...refused }),
  };
}
