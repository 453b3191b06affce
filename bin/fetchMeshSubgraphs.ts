import { failureReason } from '../common/index.ts';
import type { Env } from '../config/index.ts';
import { fetchSubgraphSdl } from '../gateway/fetchSubgraphSdl.ts';
import { readSubgraphEndpoints } from '../gateway/subgraphEndpoints.ts';
import type { RegisteredSubgraph } from '../registry/RegisteredSubgraph.ts';
import type { DataProductDescriptor } from '../schema/index.ts';

/** The gateway `meshgraph check` asks when given no `--gateway`. */
export const DEFAULT_GATEWAY_URL = 'http://localhost:4000';

/** The mesh a domain was checked against, or why it was checked against the standards alone. */
export type CheckedMesh =
  | { kind: 'registry'; url: string; subgraphs: readonly RegisteredSubgraph[] }
  | { kind: 'subgraphs'; subgraphs: readonly RegisteredSubgraph[]; unreadable: readonly string[] }
  | { kind: 'none'; reason: string };

const authorization = (env: Env): Record<string, string> => (env['MESHGRAPH_TOKEN'] ? { authorization: `Bearer ${env['MESHGRAPH_TOKEN']}` } : {});

/** The whole publications of a registry-backed gateway (`GET /registry/subgraphs?include=sdl`). */
async function fromRegistry(gateway: string, env: Env): Promise<CheckedMesh> {
  const url = new URL('/registry/subgraphs?include=sdl', gateway);
  let response: Response;
  try {
    response = await fetch(url, { headers: authorization(env), signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    return { kind: 'none', reason: `the gateway at ${gateway} did not answer (${failureReason((error as { cause?: unknown }).cause ?? error)})` };
  }
  if (!response.ok) return { kind: 'none', reason: `the gateway at ${gateway} answered ${url.pathname} with HTTP ${response.status}${response.status === 404 ? ' (it runs without a registry)' : response.status === 401 ? ' (set MESHGRAPH_TOKEN)' : ''}` };
  const body = (await response.json().catch(() => undefined)) as { subgraphs?: unknown } | undefined;
  if (!Array.isArray(body?.subgraphs) || body.subgraphs.some((s) => typeof s?.name !== 'string' || typeof s?.sdl !== 'string' || !Array.isArray(s?.descriptors))) {
    return { kind: 'none', reason: `the gateway at ${gateway} answered ${url.pathname} with no list of publications` };
  }
  return { kind: 'registry', url: gateway, subgraphs: body.subgraphs as RegisteredSubgraph[] };
}

/** Each subgraph of `MESHGRAPH_SUBGRAPHS` but `own`: its SDL (`_service`, with `MESHGRAPH_TOKEN`) and its discovery port's descriptors. */
async function fromSubgraphs(env: Env, own: string): Promise<CheckedMesh> {
  const endpoints = readSubgraphEndpoints(env).filter((endpoint) => endpoint.name !== own);
  const token = env['MESHGRAPH_TOKEN'];
  const credential = token ? { authorization: async () => `Bearer ${token}` } : undefined;
  const unreadable: string[] = [];
  const read = await Promise.all(
    endpoints.map(async (endpoint): Promise<RegisteredSubgraph | undefined> => {
      try {
        const sdl = await fetchSubgraphSdl(endpoint, credential);
        const discovery = await fetch(new URL('/data-products', endpoint.url), { signal: AbortSignal.timeout(5_000) })
          .then((r) => (r.ok ? (r.json() as Promise<{ dataProducts?: DataProductDescriptor[] }>) : undefined))
          .catch(() => undefined);
        return { name: endpoint.name, url: endpoint.url, sdl, descriptors: discovery?.dataProducts ?? [], version: '', publishedBy: '', publishedAt: '' };
      } catch (error) {
        unreadable.push(`${endpoint.name} (${failureReason(error)})`);
        return undefined;
      }
    }),
  );
  const subgraphs = read.filter((s) => s !== undefined);
  if (subgraphs.length === 0 && unreadable.length > 0) return { kind: 'none', reason: `no subgraph of MESHGRAPH_SUBGRAPHS answered: ${unreadable.join(', ')}` };
  return { kind: 'subgraphs', subgraphs, unreadable };
}

/**
 * The current mesh for `meshgraph check`: the publications of the gateway's
 * registry (`--gateway`, else `MESHGRAPH_GATEWAY_URL`, else
 * `http://localhost:4000`), or, when `MESHGRAPH_SUBGRAPHS` lists the mesh
 * and no gateway is named, its subgraphs themselves. When none answers, says
 * why: the domain is then checked against the standards alone.
 */
export async function fetchMeshSubgraphs(env: Env, own: string, gateway: string | undefined): Promise<CheckedMesh> {
  if (gateway === undefined && env['MESHGRAPH_SUBGRAPHS']?.trim()) return fromSubgraphs(env, own);
  return fromRegistry(gateway ?? (env['MESHGRAPH_GATEWAY_URL']?.trim() || DEFAULT_GATEWAY_URL), env);
}
