import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../config/index.ts';
import { failureReason } from '../common/index.ts';
import type { SubgraphEndpoint } from '../gateway/index.ts';

/** A subgraph to compose: where the gateway routes to it, and where its SDL comes from. */
export interface ComposeSubgraph extends SubgraphEndpoint {
  /** Its SDL in a file; none asks the subgraph itself (`{ _service { sdl } }`). */
  readonly sdlFile?: string;
  /** Where to ask for its SDL when that is not its routing URL. @default its `url` */
  readonly introspectionUrl?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a composition config, the part of Rover's `supergraph.yaml` meshgraph
 * uses: each subgraph's `routing_url`, and its `schema` from a `file`
 * (relative to the config) or from a `subgraph_url` to ask; without `schema`,
 * the routing URL is asked. Throws a `ConfigError` naming the file and entry.
 *
 * ```yaml
 * subgraphs:
 *   listeners:
 *     routing_url: http://listeners:4001/graphql
 *     schema:
 *       file: ./listeners.graphql
 * ```
 */
export async function readComposeConfig(path: string): Promise<ComposeSubgraph[]> {
  let document: unknown;
  try {
    document = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Cannot read the composition config "${path}": ${failureReason(error)}.`);
  }
  const problem = (what: string) => new ConfigError(`The composition config "${path}" ${what}; see \`meshgraph compose --help\`.`);
  if (!isObject(document) || !isObject(document['subgraphs']) || Object.keys(document['subgraphs']).length === 0) throw problem('must have `subgraphs:`, a map of subgraph names');
  return Object.entries(document['subgraphs']).map(([name, entry]) => {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw problem(`names a subgraph "${name}": use lower case letters, digits and dashes`);
    if (!isObject(entry) || typeof entry['routing_url'] !== 'string' || !URL.canParse(entry['routing_url'])) throw problem(`needs the \`routing_url\` of subgraph "${name}", an http(s) URL`);
    const schema = entry['schema'];
    if (schema === undefined) return { name, url: entry['routing_url'] };
    if (isObject(schema) && typeof schema['file'] === 'string') return { name, url: entry['routing_url'], sdlFile: resolve(dirname(path), schema['file']) };
    if (isObject(schema) && typeof schema['subgraph_url'] === 'string' && URL.canParse(schema['subgraph_url'])) return { name, url: entry['routing_url'], introspectionUrl: schema['subgraph_url'] };
    throw problem(`gives subgraph "${name}" a \`schema\` that is neither \`file: <path>\` nor \`subgraph_url: <url>\``);
  });
}
