import { runGateway } from './runGateway.ts';
import { runMesh } from './runMesh.ts';
import { runService } from './serviceProcess.ts';
import { runSubgraph } from './runSubgraph.ts';

const USAGE = `Usage:
  meshgraph start               the demo mesh: four domains and the gateway, one process each
  meshgraph subgraph <domain>   one domain's subgraph (listeners, podcasts, artists, insights)
  meshgraph gateway             the gateway alone

Environment: PORT, HOST, MESHGRAPH_SUBGRAPHS, MESHGRAPH_SEED, MESHGRAPH_SCALE,
MESHGRAPH_MAX_DEPTH, MESHGRAPH_MAX_BODY_BYTES, MESHGRAPH_LOG_LEVEL, MESHGRAPH_LOG_FORMAT, NODE_ENV (see README.md).`;

const [command, argument] = process.argv.slice(2);
switch (command) {
  case 'start':
    await runMesh(process.env);
    break;
  case 'subgraph':
    await runService(argument ?? 'subgraph', () => runSubgraph(argument, process.env));
    break;
  case 'gateway':
    await runService('gateway', () => runGateway(process.env));
    break;
  default:
    process.stderr.write(`${command ? `Unknown command "${command}".\n` : ''}${USAGE}\n`);
    process.exit(command === undefined || command === 'help' || command === '--help' ? 0 : 2);
}
