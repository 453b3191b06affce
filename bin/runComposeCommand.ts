import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { failureReason } from '../common/index.ts';
import { ConfigError, type Env } from '../config/index.ts';
import { DEMO_SUBGRAPH_ENDPOINTS } from '../demo/index.ts';
import { composeMeshSupergraph, CompositionError, fetchSubgraphSdl, readSubgraphEndpoints } from '../gateway/index.ts';
import { readIdentity, type ServiceCredential } from '../governance/identity/index.ts';
import { writeFileAtomic } from '../storage/durableFiles.ts';
import { readComposeConfig, type ComposeSubgraph } from './readComposeConfig.ts';

/** How `meshgraph compose` is called. */
export const COMPOSE_USAGE = `Usage:
  meshgraph compose [--out supergraph.graphql] [--config supergraph.yaml]
      composes the subgraphs of MESHGRAPH_SUBGRAPHS (else the demo's), or those of a config file (Rover's
      supergraph.yaml: subgraphs.<name>.routing_url, and schema.file or schema.subgraph_url), with the catalog,
      and writes the supergraph file a gateway serves with MESHGRAPH_SUPERGRAPH (written whole, then renamed into place).
      Exit code 1 when a subgraph does not answer or they do not compose, 2 on a usage error.`;

/** What one argument list asks for, or the usage error. */
function readArguments(args: readonly string[]): { out: string; config?: string } | string {
  const options: { out: string; config?: string } = { out: 'supergraph.graphql' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag !== '--out' && flag !== '--config') return `Unknown argument "${args[i]}".`;
    const value = inline ?? args[++i];
    if (!value) return `${flag} needs a file name.`;
    options[flag === '--out' ? 'out' : 'config'] = value;
  }
  return options;
}

/** The SDL of one subgraph: from its file, else asked of it with the gateway's credential; throws naming the subgraph. */
async function subgraphSdl(subgraph: ComposeSubgraph, credential: ServiceCredential | undefined): Promise<string> {
  if (subgraph.sdlFile) {
    return readFile(subgraph.sdlFile, 'utf8').catch((error: unknown) => {
      throw new Error(`cannot read the SDL of subgraph "${subgraph.name}" from "${subgraph.sdlFile}": ${failureReason(error)}`);
    });
  }
  const url = subgraph.introspectionUrl ?? subgraph.url;
  return fetchSubgraphSdl({ name: subgraph.name, url }, credential).catch((error: unknown) => {
    throw new Error(`subgraph "${subgraph.name}" did not give its SDL at ${url}: ${failureReason(error)}`);
  });
}

/**
 * `meshgraph compose [--out file] [--config file]`: composes the mesh's
 * subgraphs with Federation 2, the gateway's catalog subgraph included, and
 * writes the supergraph file atomically (a temporary file renamed into
 * place, so a gateway following the file never reads half of one). It asks
 * the subgraphs for their SDL with the gateway's own credential
 * (`readIdentity`). Returns the exit code: 0; 1 when a subgraph does not
 * answer or they do not compose; 2 on a usage or configuration error.
 */
export async function runComposeCommand(args: readonly string[], env: Env, out: (text: string) => void = (text) => process.stdout.write(text), err: (text: string) => void = (text) => process.stderr.write(text)): Promise<number> {
  if (args[0] === '--help' || args[0] === 'help') {
    out(`${COMPOSE_USAGE}\n`);
    return 0;
  }
  const options = readArguments(args);
  if (typeof options === 'string') {
    err(`${options}\n${COMPOSE_USAGE}\n`);
    return 2;
  }
  let subgraphs: ComposeSubgraph[];
  let credential: ServiceCredential | undefined;
  try {
    subgraphs = options.config ? await readComposeConfig(options.config) : readSubgraphEndpoints(env, DEMO_SUBGRAPH_ENDPOINTS);
    // Only a subgraph asked for its SDL needs the credential: a config of SDL files composes without keys.
    if (subgraphs.some((s) => !s.sdlFile)) credential = (await readIdentity(env)).credential;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`${error.message}\n`);
    return 2;
  }
  const answers = await Promise.allSettled(subgraphs.map((s) => subgraphSdl(s, credential)));
  const failures = answers.flatMap((a) => (a.status === 'rejected' ? [failureReason(a.reason)] : []));
  if (failures.length > 0) {
    err(`Cannot compose: ${failures.length} of ${subgraphs.length} subgraphs gave no SDL:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    return 1;
  }
  const withSdl = subgraphs.map(({ name, url }, i) => ({ name, url, sdl: (answers[i] as PromiseFulfilledResult<string>).value }));
  let supergraphSdl: string;
  try {
    supergraphSdl = composeMeshSupergraph(withSdl);
  } catch (error) {
    if (!(error instanceof CompositionError)) throw error;
    err(`The subgraphs ${subgraphs.map((s) => `"${s.name}"`).join(', ')} do not compose into a supergraph:\n${error.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 1;
  }
  const file = resolve(options.out);
  await writeFileAtomic(file, supergraphSdl, { replace: true });
  out(`Wrote ${options.out}: the supergraph of ${subgraphs.map((s) => s.name).join(', ')} and the catalog (${Buffer.byteLength(supergraphSdl)} bytes). Serve it with MESHGRAPH_SUPERGRAPH=${options.out} meshgraph gateway.\n`);
  return 0;
}
