import { isDevelopment, readLogLevel, readPort, readPositiveNumber, readString, type Env } from '../config/index.ts';
import { createGateway, readSubgraphEndpoints, type Gateway } from '../gateway/index.ts';
import { createLogger } from '../log/index.ts';

/** Default gateway port. */
export const GATEWAY_PORT = 4000;

/**
 * Runs the gateway, configured by `PORT`, `HOST`, `MESHGRAPH_SUBGRAPHS`,
 * `MESHGRAPH_MAX_DEPTH` and `MESHGRAPH_MAX_BODY_BYTES`.
 */
export async function runGateway(env: Env): Promise<Gateway> {
  return createGateway({
    subgraphs: readSubgraphEndpoints(env),
    port: readPort(env, 'PORT', GATEWAY_PORT),
    host: readString(env, 'HOST', '127.0.0.1'),
    maxDepth: readPositiveNumber(env, 'MESHGRAPH_MAX_DEPTH', 15, { integer: true }),
    maxBodyBytes: readPositiveNumber(env, 'MESHGRAPH_MAX_BODY_BYTES', 1_048_576, { integer: true }),
    development: isDevelopment(env),
    logger: createLogger({ component: 'gateway', level: readLogLevel(env) }),
  });
}
