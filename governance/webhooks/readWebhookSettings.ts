import { ConfigError, readPositiveNumber, readString, type Env } from '../../config/index.ts';
import type { WebhookDeliveriesOptions } from './createWebhookDeliveries.ts';

/** How webhooks are delivered, as the environment sets it. */
export type WebhookSettings = Required<Pick<WebhookDeliveriesOptions, 'attempts' | 'timeoutMs' | 'leaseMs' | 'privateNetworks'>> & Pick<WebhookDeliveriesOptions, 'backoff'>;

/**
 * Reads `MESHGRAPH_WEBHOOK_ATTEMPTS` (tries per notification, default 6),
 * `MESHGRAPH_WEBHOOK_RETRY_MS` (the first wait's ceiling, doubling up to
 * 5 minutes; default 10000), `MESHGRAPH_WEBHOOK_TIMEOUT_MS` (per try,
 * default 10000), `MESHGRAPH_WEBHOOK_LEASE_MS` (how long other replicas
 * wait for a replica that went quiet, default 60000) and
 * `MESHGRAPH_WEBHOOK_PRIVATE_NETWORKS` (`allow` or `refuse` webhooks at
 * loopback, private and link-local addresses; `refuse` when `NODE_ENV` is
 * `production`, else `allow`, so a receiver on localhost works in development).
 */
export function readWebhookSettings(env: Env): WebhookSettings {
  const initialDelayMs = readPositiveNumber(env, 'MESHGRAPH_WEBHOOK_RETRY_MS', 10_000, { integer: true });
  return {
    attempts: readPositiveNumber(env, 'MESHGRAPH_WEBHOOK_ATTEMPTS', 6, { integer: true }),
    backoff: { initialDelayMs, maxDelayMs: Math.max(initialDelayMs, 300_000) },
    timeoutMs: readPositiveNumber(env, 'MESHGRAPH_WEBHOOK_TIMEOUT_MS', 10_000, { integer: true }),
    leaseMs: readPositiveNumber(env, 'MESHGRAPH_WEBHOOK_LEASE_MS', 60_000, { integer: true }),
    privateNetworks: readPrivateNetworks(env),
  };
}

function readPrivateNetworks(env: Env): WebhookSettings['privateNetworks'] {
  const value = readString(env, 'MESHGRAPH_WEBHOOK_PRIVATE_NETWORKS', env['NODE_ENV'] === 'production' ? 'refuse' : 'allow');
  if (value !== 'allow' && value !== 'refuse') throw new ConfigError(`MESHGRAPH_WEBHOOK_PRIVATE_NETWORKS must be "allow" or "refuse", but is "${value}".`);
  return value;
}
