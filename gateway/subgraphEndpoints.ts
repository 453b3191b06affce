import { ConfigError } from '../config/ConfigError.ts';
import type { Env } from '../config/env.ts';
import type { SubgraphEndpoint } from '../schema/index.ts';

// The type is the mesh's (schema/); exported here too for code written against the gateway.
export type { SubgraphEndpoint };

/**
 * Reads `MESHGRAPH_SUBGRAPHS`, a comma list of `name=url`
 * (`listeners=http://localhost:4001/graphql,…`); unset means `fallback`.
 */
export function readSubgraphEndpoints(env: Env, fallback: readonly SubgraphEndpoint[] = []): SubgraphEndpoint[] {
  const value = env['MESHGRAPH_SUBGRAPHS']?.trim();
  if (!value) return [...fallback];
  const endpoints = value.split(',').map((entry) => {
    const [name, url, ...rest] = entry.trim().split('=');
    if (!name || !url || rest.length > 0 || !/^[a-z][a-z0-9-]*$/.test(name)) {
      throw new ConfigError(`MESHGRAPH_SUBGRAPHS entry "${entry.trim()}" must be name=url, like "listeners=http://localhost:4001/graphql".`);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`MESHGRAPH_SUBGRAPHS: the URL of "${name}" is not a URL: "${url}".`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ConfigError(`MESHGRAPH_SUBGRAPHS: the URL of "${name}" must be http or https, but is "${url}".`);
    }
    return { name, url };
  });
  const names = endpoints.map((e) => e.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new ConfigError(`MESHGRAPH_SUBGRAPHS names "${duplicate}" twice.`);
  return endpoints;
}
