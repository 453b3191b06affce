import { ConfigError, type Env } from '../config/index.ts';
import { PolicyError, readMeshPolicy } from '../governance/policy/index.ts';
import { breakingChangeCheck, checkSubgraph, startProblems, type SubgraphCheck } from '../registry/checks/index.ts';
import type { CheckReport } from '../registry/CheckReport.ts';
import { buildDomainSubgraph } from '../subgraphs/kit/buildDomainSubgraph.ts';
import { fetchMeshSubgraphs, type CheckedMesh } from './fetchMeshSubgraphs.ts';
import { fetchObservedUsage } from './fetchObservedUsage.ts';
import { loadDomain } from './loadDomain.ts';
import { describeMesh, printCheckReport } from './printCheckReport.ts';

/** How `meshgraph check` is called. */
export const CHECK_USAGE = `Usage:
  meshgraph check <domain> [--json] [--gateway <url>]   check a domain against the mesh's standards and the running mesh
                                (composition, descriptors, classification, naming, polyseme keys, ports, SLOs, policy)
                                and, once the domain is published, its changes against the use the gateway recorded
                                (MESHGRAPH_TOKEN: the domain's owner or service); <domain> as for meshgraph subgraph;
                                --gateway: the registry to compose with (default MESHGRAPH_GATEWAY_URL, else
                                http://localhost:4000); --json: the report as JSON, for CI.
                                Exit code 0: passed, 1: an error found, 2: bad usage`;

interface CheckArgs {
  domain: string;
  json: boolean;
  gateway?: string;
}

function parseArgs(args: readonly string[]): CheckArgs | string {
  let domain: string | undefined;
  let json = false;
  let gateway: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--gateway' || arg.startsWith('--gateway=')) {
      gateway = arg === '--gateway' ? args[++i] : arg.slice('--gateway='.length);
      if (!gateway || !URL.canParse(gateway) || !/^https?:$/.test(new URL(gateway).protocol)) return `--gateway needs the gateway's http(s) URL, like http://localhost:4000, not ${JSON.stringify(gateway ?? '')}.`;
    } else if (arg.startsWith('-')) return `Unknown option "${arg}".`;
    else if (domain === undefined) domain = arg;
    else return `meshgraph check takes one domain, but got "${domain}" and "${arg}".`;
  }
  return domain === undefined ? 'meshgraph check needs a domain: a demo name, a folder of subgraphs/ by name, or a path (./merch).' : { domain, json, ...(gateway ? { gateway } : {}) };
}

/**
 * The breaking-change check a publication of a domain the registry has
 * published runs, against the use the gateway recorded
 * (`fetchObservedUsage`); when that use cannot be read, a warning that says
 * it was not checked, and why.
 */
async function realUseCheck(gateway: string, name: string, env: Env): Promise<SubgraphCheck> {
  const observed = await fetchObservedUsage(gateway, name, env);
  if (observed.kind === 'observed') return breakingChangeCheck({ usage: () => observed.uses, windowDays: observed.windowDays });
  const message = `Changes were not checked against the use consumers made of "${name}": ${observed.reason}. Publishing checks them, and refuses a change that breaks a consumer.`;
  return function breakingChange() {
    return [{ check: 'breaking-change', severity: 'warning', message }];
  };
}

/**
 * Builds the domain as it would serve it and checks it against the mesh; a
 * domain the kit would not even start is reported with what stops it, and is
 * not composed.
 */
async function checkDomain(parsed: CheckArgs, env: Env): Promise<{ report: CheckReport; mesh: CheckedMesh }> {
  const policy = readMeshPolicy(env);
  const domain = await loadDomain(parsed.domain, env);
  let built;
  try {
    built = buildDomainSubgraph(domain, policy);
  } catch (error) {
    const problems = startProblems(error);
    if (!problems) throw error;
    return { report: { subgraph: domain.name, passed: false, problems }, mesh: { kind: 'none', reason: 'the domain does not start, so it was not composed with the mesh' } };
  }
  const mesh = await fetchMeshSubgraphs(env, domain.name, parsed.gateway);
  const candidate = { name: domain.name, url: `http://${domain.name}.invalid/graphql`, sdl: built.sdl(), descriptors: built.descriptors, version: 'local', publishedBy: 'meshgraph check', publishedAt: new Date().toISOString() };
  const extraChecks = mesh.kind === 'registry' && mesh.subgraphs.some((s) => s.name === domain.name) ? [await realUseCheck(mesh.url, domain.name, env)] : [];
  // With no mesh to compose with, the owners of the polyseme it links to are stood in for: that they are missing is no fault of the domain.
  const report = await checkSubgraph(candidate, { subgraphs: mesh.kind === 'none' ? [] : mesh.subgraphs, standIns: mesh.kind === 'none', policy: policy.policy, policySource: policy.source, extraChecks });
  return { report, mesh };
}

/**
 * `meshgraph check <domain> [--json] [--gateway <url>]`: builds the domain's
 * SDL and descriptors without serving it, fetches the current mesh
 * (`fetchMeshSubgraphs`) and runs `checkSubgraph`; prints a readable report,
 * grouped by check and coloured on a terminal, or the report as JSON.
 * Returns the exit code: 0 passed, 1 an error found, 2 bad usage.
 */
export async function runCheckCommand(
  args: readonly string[],
  env: Env,
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
  colour: boolean = process.stdout.isTTY === true && !env['NO_COLOR'],
): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    err(`${parsed}\n${CHECK_USAGE}\n`);
    return 2;
  }
  let checked: { report: CheckReport; mesh: CheckedMesh };
  try {
    checked = await checkDomain(parsed, env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PolicyError) {
      err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { report, mesh } = checked;
  out(parsed.json ? `${JSON.stringify({ ...report, checkedAgainst: describeMesh(mesh) }, null, 2)}\n` : printCheckReport(report, mesh, colour, parsed.domain));
  return report.passed ? 0 : 1;
}
