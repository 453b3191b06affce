import type { Env } from '../config/index.ts';
import { isCalendarDay, LIFECYCLE_PATH, type LifecycleRequest, type ProductLifecycle } from '../registry/lifecycle/index.ts';
import { DATA_PRODUCT_STATUSES, ErrorCode, type DataProductStatus } from '../schema/index.ts';
import { DEFAULT_GATEWAY_URL, postToGateway, readGatewayUrl, splitFlag } from './gatewayRequest.ts';

/** How `meshgraph lifecycle` is called. */
export const LIFECYCLE_USAGE = `Usage:
  meshgraph lifecycle <urn> <status> --reason "…" [--successor <urn>] [--sunset YYYY-MM-DD] [--gateway <url>] [--json]
                                move a data product's status (${DATA_PRODUCT_STATUSES.join(' → ')}) with a reason its
                                consumers read; every gateway replica serves it at once. --successor: the product that
                                replaces it (deprecated, retired); --sunset: the day from which it may be retired
                                (deprecated); --gateway: default MESHGRAPH_GATEWAY_URL, else ${DEFAULT_GATEWAY_URL};
                                credentials: MESHGRAPH_TOKEN (the domain's owner, or governance).
                                Exit code 0: moved, 1: refused, 2: bad usage or gateway unreachable`;

interface LifecycleArgs {
  request: LifecycleRequest;
  gateway: string;
  json: boolean;
}

const VALUED = new Set(['--reason', '--successor', '--sunset', '--gateway']);

function parseArgs(args: readonly string[], env: Env): LifecycleArgs | string {
  const positional: string[] = [];
  const options: Record<string, string | undefined> = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = splitFlag(arg);
    if (flag === '--json') json = true;
    else if (flag && VALUED.has(flag)) options[flag.slice(2)] = inline ?? args[++i];
    else if (arg.startsWith('-')) return `Unknown option "${arg}".`;
    else positional.push(arg);
  }
  const [urn, to, extra] = positional;
  if (urn === undefined || to === undefined) return 'meshgraph lifecycle needs a data product\'s URN and the status it moves to, e.g. urn:meshgraph:podcasts:episode-plays:v1 deprecated.';
  if (extra !== undefined) return `meshgraph lifecycle takes one URN and one status, but got also "${extra}".`;
  if (!(DATA_PRODUCT_STATUSES as readonly string[]).includes(to)) return `The status must be one of ${DATA_PRODUCT_STATUSES.join(', ')}, not "${to}".`;
  const { reason, successor, sunset } = options;
  if (!reason?.trim()) return `--reason is required: say in a sentence why ${urn} becomes ${to}; its consumers read it.`;
  if (sunset !== undefined && !isCalendarDay(sunset)) return `--sunset must be a day written YYYY-MM-DD (e.g. 2027-03-31), not "${sunset}".`;
  const gateway = readGatewayUrl(options['gateway'], env);
  if ('problem' in gateway) return gateway.problem;
  const request: LifecycleRequest = { urn, to: to as DataProductStatus, reason, ...(successor !== undefined ? { successor } : {}), ...(sunset !== undefined ? { sunset } : {}) };
  return { request, gateway: gateway.url, json };
}

/** What a move came to, in a few lines: the new status, why, and what its consumers see. */
function describeMove({ urn, status, reason, successor, sunset, history }: ProductLifecycle, gateway: string): string {
  const { from } = history.at(-1)!;
  const seen: Partial<Record<DataProductStatus, string>> = {
    deprecated: `Consumers get a deprecation warning with each response that reads it${sunset ? `, until its sunset ${sunset}; from then its owners may retire it` : ''}.`,
    retired: `It is no longer served: consumers get a DATA_PRODUCT_RETIRED error${successor ? ` naming ${successor}` : ''}; the catalog keeps it, with its history.`,
  };
  return [
    `${urn}: ${from} → ${status} at ${gateway}; every gateway replica serves it now.`,
    `  reason:    ${reason}`,
    ...(successor ? [`  successor: ${successor}`] : []),
    ...(sunset ? [`  sunset:    ${sunset}`] : []),
    ...(seen[status] ? [seen[status]] : []),
  ].join('\n') + '\n';
}

/**
 * `meshgraph lifecycle <urn> <status> --reason "…"`: moves a data product's
 * status on the gateway (`POST /registry/lifecycle`) with `MESHGRAPH_TOKEN`,
 * and prints the move, or with `--json` the gateway's answer. Returns the
 * exit code: 0 moved, 1 refused (the rules, credentials, an unknown
 * product), 2 bad usage or the gateway unreachable or without the registry.
 */
export async function runLifecycleCommand(
  args: readonly string[],
  env: Env,
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  const parsed = parseArgs(args, env);
  if (typeof parsed === 'string') {
    err(`${parsed}\n${LIFECYCLE_USAGE}\n`);
    return 2;
  }
  const response = await postToGateway(parsed.gateway, LIFECYCLE_PATH, parsed.request, env);
  if ('unreachable' in response) {
    err(`${response.unreachable}\n`);
    return 2;
  }
  const body = response.body as { lifecycle?: ProductLifecycle; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
  if (parsed.json) out(`${JSON.stringify(body ?? { status: response.status }, null, 2)}\n`);
  if (response.status === 200 && body?.lifecycle) {
    if (!parsed.json) out(describeMove(body.lifecycle, parsed.gateway));
    return 0;
  }
  const error = body?.errors?.[0];
  if (response.status === 404 && error?.extensions?.code !== ErrorCode.UNKNOWN_DATA_PRODUCT) {
    err(`The gateway at ${parsed.gateway} takes no status moves (HTTP 404): the lifecycle needs the registry, and it serves from MESHGRAPH_SUBGRAPHS or MESHGRAPH_SUPERGRAPH.\n`);
    return 2;
  }
  err(`Not moved: ${error?.message ?? `HTTP ${response.status}`}${response.status === 401 ? ' (set MESHGRAPH_TOKEN: npx meshgraph token <domain>-owner prints one in development)' : ''}\n`);
  return 1;
}
