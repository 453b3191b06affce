import { isDevelopment, readDemoDataOptions, readLogLevel, readPort, readString, type Env } from '../config/index.ts';
import { ConfigError } from '../config/index.ts';
import { DEMO_SUBGRAPH_PORTS } from '../gateway/index.ts';
import { createLogger } from '../log/index.ts';
import { DEMO_DOMAINS } from '../subgraphs/demoDomains.ts';
import { createSubgraphServer, type SubgraphServer } from '../subgraphs/kit/index.ts';

/** Runs one demo domain's subgraph, configured by `PORT`, `HOST`, `MESHGRAPH_SEED`, `MESHGRAPH_SCALE`. */
export async function runSubgraph(name: string | undefined, env: Env): Promise<SubgraphServer> {
  const create = name ? DEMO_DOMAINS[name] : undefined;
  if (!name || !create) {
    throw new ConfigError(`Unknown domain ${JSON.stringify(name)}. Domains: ${Object.keys(DEMO_DOMAINS).join(', ')}.`);
  }
  const logger = createLogger({ component: name, level: readLogLevel(env) });
  const data = readDemoDataOptions(env);
  const startedAt = performance.now();
  const domain = create(data);
  logger.info('data products materialized', { seed: data.seed, scale: data.scale, ms: Math.round(performance.now() - startedAt) });
  return createSubgraphServer({
    domain,
    port: readPort(env, 'PORT', DEMO_SUBGRAPH_PORTS[name] ?? 0),
    host: readString(env, 'HOST', '127.0.0.1'),
    development: isDevelopment(env),
    logger,
  });
}
