#!/usr/bin/env node
// Each command's module is loaded when it runs: \`help\`, \`token\` or \`check\` need not load the gateway, the kit and Apollo.
import { warnIfStaleBuild } from './warnIfStaleBuild.ts';

const USAGE = `Usage:
  meshgraph start               the demo mesh: four domains and the gateway, one process each
  meshgraph subgraph <domain>   one domain's subgraph: a demo domain (listeners, podcasts, artists, insights),
                                a folder of subgraphs/ by name, or a domain folder by path (./merch)
  meshgraph gateway             the gateway alone (MESHGRAPH_SUPERGRAPH: serve a supergraph file, reloaded when it changes)
  meshgraph compose [--out supergraph.graphql] [--config supergraph.yaml]
                                compose the subgraphs (MESHGRAPH_SUBGRAPHS, or Rover's supergraph.yaml) into a
                                supergraph file for MESHGRAPH_SUPERGRAPH (exit code 1 when they do not compose)
  meshgraph init <domain> [--dir <path>]   a new domain folder that runs and passes its own test, and the next steps
  meshgraph check <domain> [--json] [--gateway <url>]
                                check a domain against the mesh's standards and the running mesh's registry
                                (exit code 0 passed, 1 an error found, 2 bad usage)
  meshgraph publish <domain> --url <url> [--version <v>] [--gateway <url>] [--json]
                                publish a domain's subgraph to the running mesh's registry with MESHGRAPH_TOKEN:
                                every gateway replica serves it (exit code 0 published, 1 refused, 2 bad usage)
  meshgraph lifecycle <urn> <status> --reason "…" [--successor <urn>] [--sunset YYYY-MM-DD] [--gateway <url>] [--json]
                                move a data product's status (proposed → active → deprecated → retired) with
                                MESHGRAPH_TOKEN, its domain owner's (exit code 0 moved, 1 refused, 2 bad usage)
  meshgraph token <consumer> [--ttl 8h]   a bearer token for a demo consumer (analyst, charts-web, royalties-payout,
                                listeners-owner, podcasts-owner, artists-owner, insights-owner, governance), last line
  meshgraph log verify [--data-dir D]   check the embedded log's files (exit code 1 on damage)
  meshgraph log repair [--data-dir D]   move damaged bytes aside, cut torn tails, rebuild indexes
                                        (refused for a topic a running process appends to)

Environment: PORT, HOST, MESHGRAPH_SUBGRAPHS, MESHGRAPH_SUPERGRAPH, MESHGRAPH_SEED, MESHGRAPH_SCALE,
MESHGRAPH_MAX_DEPTH, MESHGRAPH_MAX_COST, MESHGRAPH_DEFAULT_LIST_SIZE, MESHGRAPH_MAX_ALIASES, MESHGRAPH_MAX_ROOT_FIELDS,
MESHGRAPH_MAX_FIELDS, MESHGRAPH_MAX_TOKENS, MESHGRAPH_MAX_BATCH_OPERATIONS, MESHGRAPH_APQ_CACHE_SIZE, MESHGRAPH_TRUSTED_DOCUMENTS,
MESHGRAPH_TRUSTED_DOCUMENTS_ONLY, MESHGRAPH_REQUEST_TIMEOUT_MS, MESHGRAPH_MAX_BODY_BYTES, MESHGRAPH_ALLOWED_ORIGINS, MESHGRAPH_MAX_WS_CONNECTIONS,
MESHGRAPH_DATA_DIR, MESHGRAPH_ENCRYPTION_KEY, MESHGRAPH_JWKS_URL, MESHGRAPH_JWKS_FILE, MESHGRAPH_SIGNING_KEY_FILE,
MESHGRAPH_API_KEYS_FILE, MESHGRAPH_POLICY_FILE, MESHGRAPH_PSEUDONYM_KEY, MESHGRAPH_TOKEN_ISSUER, MESHGRAPH_TOKEN_AUDIENCE, MESHGRAPH_DEMO_SIGN_IN, MESHGRAPH_INTROSPECTION, MESHGRAPH_INBOUND_DEDUPE, KAFKA_BROKERS, KAFKA_SASL_MECHANISM, KAFKA_SSL,
MESHGRAPH_GATEWAY_URL, MESHGRAPH_TOKEN, MESHGRAPH_LOG_LEVEL, MESHGRAPH_LOG_FORMAT, NODE_ENV, OTEL_EXPORTER_OTLP_ENDPOINT; all of them in README.md.`;

// Once, in the process a person started: not again in each service `start` forks.
if (!process.send) warnIfStaleBuild();
const [command, argument] = process.argv.slice(2);
switch (command) {
  case 'start':
    await (await import('./runMesh.ts')).runMesh(process.env);
    break;
  case 'subgraph': {
    const [{ runService }, { runSubgraph, SUBGRAPH_START_UP_ERRORS }] = await Promise.all([import('./serviceProcess.ts'), import('./runSubgraph.ts')]);
    await runService(argument ?? 'subgraph', () => runSubgraph(argument, process.env), SUBGRAPH_START_UP_ERRORS);
    break;
  }
  case 'gateway': {
    const [{ runService }, { runGateway, GATEWAY_START_UP_ERRORS }] = await Promise.all([import('./serviceProcess.ts'), import('./runGateway.ts')]);
    await runService('gateway', () => runGateway(process.env), GATEWAY_START_UP_ERRORS);
    break;
  }
  case 'token':
    process.exitCode = await (await import('./runTokenCommand.ts')).runTokenCommand(process.argv.slice(3), process.env);
    break;
  case 'init':
    process.exitCode = await (await import('./runInitCommand.ts')).runInitCommand(process.argv.slice(3));
    break;
  case 'check':
    process.exitCode = await (await import('./runCheckCommand.ts')).runCheckCommand(process.argv.slice(3), process.env);
    break;
  case 'publish':
    process.exitCode = await (await import('./runPublishCommand.ts')).runPublishCommand(process.argv.slice(3), process.env);
    break;
  case 'lifecycle':
    process.exitCode = await (await import('./runLifecycleCommand.ts')).runLifecycleCommand(process.argv.slice(3), process.env);
    break;
  case 'compose':
    process.exitCode = await (await import('./runComposeCommand.ts')).runComposeCommand(process.argv.slice(3), process.env);
    break;
  case 'log':
    process.exitCode = await (await import('./runLogCommand.ts')).runLogCommand(process.argv.slice(3), process.env);
    break;
  case undefined:
  case 'help':
  case '--help':
    process.stdout.write(`${USAGE}\n`);
    break;
  default:
    process.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
    process.exit(2);
}
