import { claimDemoWorld, isDevelopment, readDemoDataOptions, readEventLogConfig, readLogLevel, readPort, readSimulationRates, readString, DEFAULT_DATA_DIR, type Env } from '../config/index.ts';
import { ConfigError } from '../config/index.ts';
import { DEMO_SUBGRAPH_PORTS } from '../gateway/index.ts';
import { createLogger } from '../logger/index.ts';
import { DEMO_DOMAINS } from '../subgraphs/demoDomains.ts';
import { createSubgraphServer, type SubgraphServer } from '../subgraphs/kit/index.ts';
import { openEventLog } from '../eventlog/index.ts';

/**
 * Runs one demo domain's subgraph, configured by `PORT`, `HOST`,
 * `MESHGRAPH_SEED`, `MESHGRAPH_SCALE`, the event log (`KAFKA_BROKERS` or
 * `MESHGRAPH_DATA_DIR`) and the simulation rates.
 */
export async function runSubgraph(name: string | undefined, env: Env): Promise<SubgraphServer> {
  const create = name ? DEMO_DOMAINS[name] : undefined;
  if (!name || !create) {
    throw new ConfigError(`Unknown domain ${JSON.stringify(name)}. Domains: ${Object.keys(DEMO_DOMAINS).join(', ')}.`);
  }
  const logger = createLogger({ component: name, level: readLogLevel(env) });
  const data = readDemoDataOptions(env);
  const logConfig = readEventLogConfig(env);
  const startedAt = performance.now();
  const dataDir = logConfig.kind === 'embedded' ? logConfig.dataDir : readString(env, 'MESHGRAPH_DATA_DIR', DEFAULT_DATA_DIR);
  if (logConfig.kind === 'embedded') await claimDemoWorld(dataDir, data);
  const log = await openEventLog(logConfig, logger.child('log'));
  logger.info('event log open', logConfig.kind === 'kafka' ? { kind: 'kafka', brokers: logConfig.brokers.join(',') } : { kind: 'embedded', dataDir: logConfig.dataDir });
  try {
    const server = await createSubgraphServer({
      domain: create({ ...data, ...readSimulationRates(env) }),
      port: readPort(env, 'PORT', DEMO_SUBGRAPH_PORTS[name] ?? 0),
      host: readString(env, 'HOST', '127.0.0.1'),
      development: isDevelopment(env),
      logger,
      log,
      dataDir,
    });
    logger.info('data products materialized', { seed: data.seed, scale: data.scale, ms: Math.round(performance.now() - startedAt) });
    return {
      ...server,
      async close() {
        await server.close();
        await log.close();
      },
    };
  } catch (error) {
    await log.close();
    throw error;
  }
}
