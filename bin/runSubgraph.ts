import { ConfigError, isDevelopment, readEncryptionKey, readEventLogConfig, readLogLevel, readPort, readPositiveNumberOrZero, readString, DEFAULT_DATA_DIR, type Env } from '../config/index.ts';
import { createLogger } from '../logger/index.ts';
import {
  applyDeclaredRetention,
  createFieldCipher,
  createSubgraphServer,
  DescriptorError,
  DOMAIN_OPERATION_LIMITS,
  DomainSchemaError,
  encryptClassifiedFields,
  PolysemeError,
  type SubgraphServer,
} from '../subgraphs/kit/index.ts';
import { openEventLog } from '../eventlog/index.ts';
import { readMeshPolicy } from '../governance/policy/index.ts';
import { startTracing } from '../telemetry/index.ts';
import { readOperationLimits } from './readOperationLimits.ts';
import { resolveDomainModule } from './resolveDomainModule.ts';
import { readIdentity } from '../governance/identity/index.ts';

/** What stops a domain's start-up for a person to fix in configuration or a descriptor (see `runService`). */
export const SUBGRAPH_START_UP_ERRORS = [ConfigError, DescriptorError, DomainSchemaError, PolysemeError];

/**
 * Runs one domain's subgraph: a demo domain or a project domain by name, or
 * a domain folder by path (see `resolveDomainModule`), configured by `PORT`,
 * `HOST`, the event log (`KAFKA_BROKERS` or `MESHGRAPH_DATA_DIR`), the key
 * that encrypts classified fields at rest (`MESHGRAPH_ENCRYPTION_KEY`), the
 * operation limits (`readOperationLimits`, looser defaults than the
 * gateway's) and `MESHGRAPH_REQUEST_TIMEOUT_MS` (10 s by default), and
 * whatever the domain's `createDomain` reads (the demo's: `MESHGRAPH_SEED`,
 * `MESHGRAPH_SCALE` and the simulation rates); its `/graphql` answers only the
 * gateway and the domain's owners, as `readIdentity` tells them; traces go to an OTLP endpoint
 * when `OTEL_EXPORTER_OTLP_ENDPOINT` names one (see `startTracing`).
 */
export async function runSubgraph(domain: string | undefined, env: Env): Promise<SubgraphServer> {
  const { name, module, defaultPort } = await resolveDomainModule(domain);
  // First: a key that cannot be read stops the domain before it opens its log.
  const { authenticator } = await readIdentity(env);
  const logger = createLogger({ component: name, level: readLogLevel(env) });
  const logConfig = readEventLogConfig(env);
  const startedAt = performance.now();
  const dataDir = logConfig.kind === 'embedded' ? logConfig.dataDir : readString(env, 'MESHGRAPH_DATA_DIR', DEFAULT_DATA_DIR);
  const definition = await module.createDomain({ name, env, eventLog: logConfig, dataDir, logger });
  const cipher = createFieldCipher({ key: readEncryptionKey(env) });
  // The domain owns the topics it creates; the log refuses its appends to other domains' topics.
  // Its products' pii and confidential fields are encrypted at rest when MESHGRAPH_ENCRYPTION_KEY is set,
  // and the topics of its products' topic ports keep what the products declare as retention.
  // The domain the module declares owns its topics, whatever folder it was run from (`init merch --dir shop`).
  const opened = await openEventLog(logConfig, logger.child('log'), { principal: definition.name });
  const log = applyDeclaredRetention(encryptClassifiedFields(opened, { cipher, dataProducts: definition.dataProducts }), definition.dataProducts);
  logger.info('event log open', logConfig.kind === 'kafka' ? { kind: 'kafka', brokers: logConfig.brokers.join(',') } : { kind: 'embedded', dataDir: logConfig.dataDir });
  // Before the domain starts: catching up on its input topics is traced too.
  const tracing = await startTracing({ component: name, env }).catch(async (error: unknown) => {
    await log.close();
    throw error;
  });
  try {
    const server = await createSubgraphServer({
      domain: definition,
      port: readPort(env, 'PORT', defaultPort),
      host: readString(env, 'HOST', '127.0.0.1'),
      development: isDevelopment(env),
      limits: readOperationLimits(env, DOMAIN_OPERATION_LIMITS),
      requestTimeoutMs: readPositiveNumberOrZero(env, 'MESHGRAPH_REQUEST_TIMEOUT_MS', 10_000, { integer: true }),
      logger,
      log,
      dataDir,
      authenticator,
      policy: readMeshPolicy(env),
    });
    logger.info('data products materialized', { ms: Math.round(performance.now() - startedAt) });
    return {
      ...server,
      async close() {
        await server.close();
        await log.close();
        await tracing.close();
      },
    };
  } catch (error) {
    await log.close();
    await tracing.close();
    throw error;
  }
}
