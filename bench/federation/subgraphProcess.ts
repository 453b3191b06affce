/**
 * One subgraph of the federation benchmark in its own process:
 * `node --import tsx bench/federation/subgraphProcess.ts <name>`. It reports
 * `{ type: 'ready', url }` to its parent (`forkService`).
 */
import { FEDERATION_SUBGRAPHS } from './federationSubgraphs.ts';
import { serveSubgraph } from './serveSubgraph.ts';

const name = process.argv[2] ?? '';
const subgraph = FEDERATION_SUBGRAPHS[name];
if (!subgraph) throw new Error(`Unknown subgraph "${name}"; expected one of ${Object.keys(FEDERATION_SUBGRAPHS).join(', ')}.`);
const { url } = await serveSubgraph(subgraph.schema);
process.on('SIGTERM', () => process.exit(0));
// A benchmark that dies leaves no subgraph behind.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', url });
