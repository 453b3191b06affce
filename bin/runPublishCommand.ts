import { ConfigError, type Env } from '../config/index.ts';
import { PolicyError, readMeshPolicy } from '../governance/policy/index.ts';
import { domainPublication, REGISTRY_PATH, type Publication, type PublishResult } from '../registry/index.ts';
import { DEFAULT_GATEWAY_URL, isHttpUrl, postToGateway, readGatewayUrl, splitFlag } from './gatewayRequest.ts';
import { loadDomain } from './loadDomain.ts';

/** The gateway `meshgraph publish` publishes to when given no `--gateway` nor `MESHGRAPH_GATEWAY_URL`. */
export const DEFAULT_PUBLISH_GATEWAY = DEFAULT_GATEWAY_URL;

/** How `meshgraph publish` is called. */
export const PUBLISH_USAGE = `Usage:
  meshgraph publish <domain> --url <url> [--version <v>] [--gateway <url>] [--json]
                                publish a domain's subgraph to the mesh's registry: every gateway replica serves it
                                without a restart. <domain> as for meshgraph subgraph; --url: where the gateway reaches
                                its /graphql; --version: free text (default: dev); --gateway: default MESHGRAPH_GATEWAY_URL,
                                else ${DEFAULT_PUBLISH_GATEWAY}; credentials: MESHGRAPH_TOKEN (the domain's owner or service).
                                Exit code 0: published, 1: refused, 2: bad usage or gateway unreachable`;

interface PublishArgs {
  domain: string;
  url: string;
  version: string;
  gateway: string;
  json: boolean;
}

function parseArgs(args: readonly string[], env: Env): PublishArgs | string {
  let domain: string | undefined;
  const options: Record<string, string | undefined> = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = splitFlag(arg);
    if (flag === '--json') json = true;
    else if (flag === '--url' || flag === '--version' || flag === '--gateway') options[flag.slice(2)] = inline ?? args[++i];
    else if (arg.startsWith('-')) return `Unknown option "${arg}".`;
    else if (domain === undefined) domain = arg;
    else return `meshgraph publish takes one domain, but got "${domain}" and "${arg}".`;
  }
  if (domain === undefined) return 'meshgraph publish needs a domain: a demo name, a folder of subgraphs/ by name, or a path (./merch).';
  if (!isHttpUrl(options['url'])) return `--url needs where the gateway reaches the domain's /graphql (http or https), like http://localhost:4005/graphql, not ${JSON.stringify(options['url'] ?? '')}.`;
  const gateway = readGatewayUrl(options['gateway'], env);
  if ('problem' in gateway) return gateway.problem;
  const version = options['version'] ?? 'dev';
  if (version.trim() === '') return '--version needs a value (a git commit, 1.4.0).';
  return { domain, url: options['url'], version, gateway: gateway.url, json };
}

/** The report of a publication, readable: each problem on a line, then the verdict. */
function describeResult(result: PublishResult, publication: Publication, gateway: string): string {
  const lines = result.reports.flatMap((report) =>
    report.problems.map((p) => `  ${p.severity === 'error' ? 'error  ' : 'warning'} [${p.check}${p.coordinate ? ` ${p.coordinate}` : ''}${p.otherSubgraph ? `, with subgraph "${p.otherSubgraph}"` : ''}] ${p.message}`),
  );
  const verdict = result.published
    ? `Published ${publication.name} ${publication.version} to ${gateway}: every gateway replica serves it now, no restart.`
    : `Not published: ${publication.name} does not pass its checks against the mesh at ${gateway}, which keeps serving what it served. Fix the errors above (meshgraph check ${publication.name} tells them too), then publish again.`;
  return `${[...lines, verdict].join('\n')}\n`;
}

/**
 * `meshgraph publish <domain> --url <url>`: builds the domain's SDL and
 * descriptors without serving it (as `meshgraph check` does), prints its
 * data products, and publishes them to the gateway's registry (`POST /registry/subgraphs`)
 * with `MESHGRAPH_TOKEN`; prints the report, or with `--json` the gateway's
 * answer. Returns the exit code: 0 published, 1 refused (checks, or
 * credentials), 2 bad usage or the gateway unreachable.
 */
export async function runPublishCommand(
  args: readonly string[],
  env: Env,
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  const parsed = parseArgs(args, env);
  if (typeof parsed === 'string') {
    err(`${parsed}\n${PUBLISH_USAGE}\n`);
    return 2;
  }
  let publication: Publication;
  try {
    const domain = await loadDomain(parsed.domain, env);
    publication = await domainPublication(domain, { url: parsed.url, version: parsed.version, policy: readMeshPolicy(env) });
  } catch (error) {
    // An unknown domain or policy file is bad usage; a domain that does not build (its descriptors, say) is refused.
    err(`${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof ConfigError || error instanceof PolicyError ? 2 : 1;
  }
  if (!parsed.json) {
    // The SDL (some 150 lines, most of them the kit's Federation directives) would bury the report: counted, not printed.
    const sdlLines = publication.sdl.trim().split('\n').length;
    out(`# ${publication.name} ${publication.version} at ${publication.url}: ${publication.descriptors.length} data product(s), SDL of ${sdlLines} lines (GET /registry/subgraphs?include=sdl shows it once published)\n`);
    for (const descriptor of publication.descriptors) out(`#   ${descriptor.urn}\n`);
  }
  const response = await postToGateway(parsed.gateway, REGISTRY_PATH, publication, env);
  if ('unreachable' in response) {
    err(`${response.unreachable}\n`);
    return 2;
  }
  const body = response.body as (PublishResult & { errors?: { message: string }[] }) | undefined;
  if (parsed.json) out(`${JSON.stringify(body ?? { status: response.status }, null, 2)}\n`);
  if (body && Array.isArray(body.reports)) {
    if (!parsed.json) out(describeResult(body, publication, parsed.gateway));
    return body.published ? 0 : 1;
  }
  const message = body?.errors?.[0]?.message ?? `HTTP ${response.status}`;
  if (response.status === 404) {
    err(`The gateway at ${parsed.gateway} takes no publications (HTTP 404): it serves from MESHGRAPH_SUBGRAPHS or MESHGRAPH_SUPERGRAPH, not from the registry.\n`);
    return 2;
  }
  err(`Not published: ${message}${response.status === 401 ? ' (set MESHGRAPH_TOKEN: npx meshgraph token <domain>-owner prints one in development)' : ''}\n`);
  return response.status === 400 ? 2 : 1;
}
