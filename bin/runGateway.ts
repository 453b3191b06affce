import { ConfigError, isDevelopment, readEventLogConfig, readLogLevel, readPort, readPositiveNumber, readPositiveNumberOrZero, readString, readSwitch, type Env } from '../config/index.ts';
import { CompositionError, createGateway, createSupergraphFileSource, readSubgraphEndpoints, type Gateway } from '../gateway/index.ts';
import { DescriptorError, DomainSchemaError, PolysemeError } from '../subgraphs/kit/index.ts';
import { createLogger } from '../logger/index.ts';
import { DEFAULT_OPERATION_LIMITS } from '../server/index.ts';
import { startTracing } from '../telemetry/index.ts';
import { GATEWAY_PORT } from './gatewayPort.ts';
import { readOperationLimits } from './readOperationLimits.ts';
import { openEventLog } from '../eventlog/index.ts';
import { GOVERNANCE_PRINCIPAL } from '../governance/createGovernance.ts';
import { openGatewayServices, type GatewayServices } from './openGatewayServices.ts';

/** What stops the gateway's start-up for a person to fix in configuration, a descriptor or the subgraphs' composition (see `runService`). */
export const GATEWAY_START_UP_ERRORS = [ConfigError, DescriptorError, DomainSchemaError, PolysemeError, CompositionError];

/**
 * Runs the gateway, configured by `PORT`, `HOST`, the supergraph's source
 * (`MESHGRAPH_SUBGRAPHS` polls a fixed list of subgraphs;
 * `MESHGRAPH_SUPERGRAPH` serves a supergraph file; without either, the
 * mesh's registry on the event log, which takes publications, and the
 * lifecycle book, which takes status moves),
 * the operation limits (`readOperationLimits`), `MESHGRAPH_MAX_BODY_BYTES`,
 * `MESHGRAPH_MAX_BATCH_OPERATIONS`,
 * `MESHGRAPH_STARTUP_WAIT_MS`, `MESHGRAPH_SUPERGRAPH_POLL_MS`, the transport
 * limits `MESHGRAPH_REQUEST_TIMEOUT_MS`, `MESHGRAPH_REQUEST_READ_TIMEOUT_MS`,
 * `MESHGRAPH_ALLOWED_ORIGINS`, `MESHGRAPH_MAX_WS_CONNECTIONS` and
 * `MESHGRAPH_WS_IDLE_TIMEOUT_MS`, `MESHGRAPH_HEALTH_PROBE_MS`, and the
 * subscription limits `MESHGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION`,
 * `MESHGRAPH_MAX_SUBSCRIPTIONS`, `MESHGRAPH_SUBSCRIPTION_BUFFER` and
 * `MESHGRAPH_ENRICHMENT_RETRY_MS`, `MESHGRAPH_USAGE_WINDOW_DAYS` (days of
 * recorded use that make a publication's breaking change an error, and a
 * consumer one that a product's notifications concern),
 * `MESHGRAPH_SLO_BREACH_MS` (how long freshness beyond its SLO lasts before
 * the product's consumers are told), and governance (`createGovernance`: the
 * mesh policy, token keys, agreements and audit on the event log,
 * `KAFKA_BROKERS` or `MESHGRAPH_DATA_DIR`); traces go to an OTLP endpoint when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` names one (see `startTracing`).
 */
export async function runGateway(env: Env): Promise<Gateway> {
  const logger = createLogger({ component: 'gateway', level: readLogLevel(env) });
  // MESHGRAPH_SUBGRAPHS polls a fixed list (development); without it, the supergraph is the registry's on the event log.
  const polled = env['MESHGRAPH_SUBGRAPHS']?.trim() ? readSubgraphEndpoints(env) : undefined;
  // MESHGRAPH_SUPERGRAPH serves a supergraph file (production without a registry), followed as it changes.
  const file = env['MESHGRAPH_SUPERGRAPH']?.trim();
  if (file && polled) throw new ConfigError('Set MESHGRAPH_SUPERGRAPH (a supergraph file to serve) or MESHGRAPH_SUBGRAPHS (subgraphs to poll and compose), not both.');
  const supergraphFile = file ? createSupergraphFileSource({ path: file }) : undefined;
  // First, so that the gateway's spans (Apollo's included) have a provider from the first request.
  const tracing = await startTracing({ component: 'gateway', env });
  const closing: (() => Promise<void>)[] = [() => tracing.close()];
  const closeAll = async () => {
    for (const step of closing.splice(0).reverse()) await step();
  };
  let services: GatewayServices;
  try {
    // Agreements and the audit live on the event log, as the governance principal: every replica and restart sees the same.
    const log = await openEventLog(readEventLogConfig(env), logger.child('log'), { principal: GOVERNANCE_PRINCIPAL });
    closing.push(() => log.close());
    services = await openGatewayServices({ env, log, ...(polled ? { subgraphs: polled } : supergraphFile ? { supergraph: supergraphFile } : {}), logger });
    closing.push(() => services.close());
  } catch (error) {
    await closeAll();
    throw error;
  }
  const { credential } = services.governance;
  if (!credential) {
    await closeAll();
    throw new ConfigError(
      'The gateway signs its own short-lived token to the domains, but only a key set to verify with is given (MESHGRAPH_JWKS_URL or MESHGRAPH_JWKS_FILE). Set MESHGRAPH_SIGNING_KEY_FILE to a private JWK whose public half the domains accept.',
    );
  }
  const gateway = await createGateway({
    ...services.options,
    port: readPort(env, 'PORT', GATEWAY_PORT),
    host: readString(env, 'HOST', '127.0.0.1'),
    ...readOperationLimits(env, DEFAULT_OPERATION_LIMITS),
    maxBodyBytes: readPositiveNumber(env, 'MESHGRAPH_MAX_BODY_BYTES', 1_048_576, { integer: true }),
    maxBatchOperations: readPositiveNumberOrZero(env, 'MESHGRAPH_MAX_BATCH_OPERATIONS', 0, { integer: true }),
    development: isDevelopment(env),
    introspection: readSwitch(env, 'MESHGRAPH_INTROSPECTION', true),
    inboundDedupe: readSwitch(env, 'MESHGRAPH_INBOUND_DEDUPE', true),
    apqCacheSize: readPositiveNumberOrZero(env, 'MESHGRAPH_APQ_CACHE_SIZE', 1_000, { integer: true }),
    ...(env['MESHGRAPH_TRUSTED_DOCUMENTS'] ? { trustedDocuments: env['MESHGRAPH_TRUSTED_DOCUMENTS'] } : {}),
    trustedDocumentsOnly: readSwitch(env, 'MESHGRAPH_TRUSTED_DOCUMENTS_ONLY', false),
    startupWaitMs: readPositiveNumberOrZero(env, 'MESHGRAPH_STARTUP_WAIT_MS', 60_000, { integer: true }),
    supergraphPollMs: readPositiveNumberOrZero(env, 'MESHGRAPH_SUPERGRAPH_POLL_MS', 5_000, { integer: true }),
    requestTimeoutMs: readPositiveNumberOrZero(env, 'MESHGRAPH_REQUEST_TIMEOUT_MS', 30_000, { integer: true }),
    requestReadTimeoutMs: readPositiveNumber(env, 'MESHGRAPH_REQUEST_READ_TIMEOUT_MS', 10_000, { integer: true }),
    healthProbeMs: readPositiveNumberOrZero(env, 'MESHGRAPH_HEALTH_PROBE_MS', 5_000, { integer: true }),
    webSocket: {
      allowedOrigins: readAllowedOrigins(env),
      maxConnections: readPositiveNumber(env, 'MESHGRAPH_MAX_WS_CONNECTIONS', 10_000, { integer: true }),
      idleTimeoutMs: readPositiveNumberOrZero(env, 'MESHGRAPH_WS_IDLE_TIMEOUT_MS', 60_000, { integer: true }),
    },
    subscriptions: {
      maxPerConnection: readPositiveNumber(env, 'MESHGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION', 100, { integer: true }),
      maxTotal: readPositiveNumber(env, 'MESHGRAPH_MAX_SUBSCRIPTIONS', 50_000, { integer: true }),
      maxBufferedEvents: readPositiveNumber(env, 'MESHGRAPH_SUBSCRIPTION_BUFFER', 1_000, { integer: true }),
      enrichmentRetryMs: readPositiveNumberOrZero(env, 'MESHGRAPH_ENRICHMENT_RETRY_MS', 5_000, { integer: true }),
    },
    credential,
    logger,
  }).catch(async (error: unknown) => {
    await closeAll();
    throw error;
  });
  return {
    ...gateway,
    async close() {
      await gateway.close();
      await closeAll();
    },
  };
}

/** `MESHGRAPH_ALLOWED_ORIGINS`: browser origins (`https://app.example.com`, comma-separated) allowed to open WebSockets, or `*`. */
function readAllowedOrigins(env: Env): string[] {
  const origins = readString(env, 'MESHGRAPH_ALLOWED_ORIGINS', '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      // Reported below.
    }
    if (parsed?.origin !== origin) {
      throw new ConfigError(`MESHGRAPH_ALLOWED_ORIGINS must list origins such as "https://app.example.com" (scheme, host and port, no path), or "*", but has "${origin}".`);
    }
  }
  return origins;
}
