/**
 * The gateway's young generation, in MB per semi-space (V8's default is 16):
 * every query allocates its subgraphs' answers and its response, short-lived;
 * with the default, concurrent large responses outlive the young generation
 * and are promoted, and old-space collections take a third of the CPU under
 * load (bench:federation). Also in docker-compose.yml's gateway, and how bench:federation runs meshgraph.
 */
export const GATEWAY_NODE_OPTIONS = ['--max-semi-space-size=64'];
