import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readLogLevel, readPort, type Env } from '../config/index.ts';
import { DEMO_SUBGRAPH_PORTS } from '../demo/index.ts';
import { createLogger } from '../logger/index.ts';
import { GATEWAY_PORT } from './gatewayPort.ts';
import { createRestartBackoff, type RestartBackoff } from './createRestartBackoff.ts';
import type { ServiceMessage } from './serviceProcess.ts';
import { GATEWAY_NODE_OPTIONS } from './gatewayNodeOptions.ts';

// Each service runs as this process does: compiled JavaScript with plain node (`npm start`, the
// package bin), or the TypeScript sources with the tsx loader (tests, benchmarks).
const COMPILED = import.meta.url.endsWith('.js');
const CLI = fileURLToPath(new URL(COMPILED ? './meshgraph.js' : './meshgraph.ts', import.meta.url));
const EXEC_ARGV = COMPILED ? [] : ['--import', 'tsx'];

interface Service {
  name: string;
  args: string[];
  /** Port to start on; after the first start, the port it bound (so a restart keeps its address). */
  port: number;
  env: () => Env;
  child?: ChildProcess;
  url?: string;
  restarts: RestartBackoff;
}

/**
 * `npm start`: runs each demo domain and the gateway as its own process (as
 * docker-compose does), prints where everything is once all are ready,
 * restarts a service that crashes (on the same port, after a wait that grows
 * with crashes in a row and starts over after a minute of healthy running),
 * and stops everything on Ctrl+C. `MESHGRAPH_PORT_BASE` moves the ports
 * (gateway on the base, domains on the next four); 0 lets every service pick
 * a free port.
 */
export async function runMesh(env: Env): Promise<void> {
  const logger = createLogger({ component: 'mesh', level: readLogLevel(env) });
  const base = readPort(env, 'MESHGRAPH_PORT_BASE', GATEWAY_PORT);
  const startedAt = performance.now();
  const subgraphs: Service[] = Object.entries(DEMO_SUBGRAPH_PORTS).map(([name, port]) => {
    const service: Service = {
      name,
      args: ['subgraph', name],
      port: base === 0 ? 0 : base + (port - GATEWAY_PORT),
      env: () => ({ ...env, PORT: String(service.port) }),
      restarts: createRestartBackoff(),
    };
    return service;
  });
  const gateway: Service = {
    name: 'gateway',
    args: ['gateway'],
    port: base,
    // The gateway serves from the mesh's registry, which the domains are published to below: a team's domain joins the same way.
    env: () => ({ ...env, PORT: String(gateway.port), MESHGRAPH_SUBGRAPHS: '' }),
    restarts: createRestartBackoff(),
  };
  const services = [...subgraphs, gateway];
  let stopping = false;
  let announced = false;
  let published = false;
  let gatewayListening: string | undefined;

  /** Once the gateway listens and every domain is ready: publishes the demo domains to its registry (again at each start: their URLs may have moved). */
  const publishOnce = () => {
    if (published || !gatewayListening || !subgraphs.every((s) => s.url)) return;
    published = true;
    // Loaded here, not before the services are forked: the registry's checks take a second to load, on cores the services start on.
    const gatewayUrl = gatewayListening;
    import('./publishDemoMesh.ts').then(({ publishDemoMesh }) => publishDemoMesh(gatewayUrl, subgraphs.map((s) => ({ name: s.name, url: s.url! })), env)).then(
      (result) => {
        if (!result.published) logger.error('the demo domains were refused by the registry; the gateway keeps what it served', { problems: JSON.stringify(result.reports.flatMap((r) => r.problems.filter((p) => p.severity === 'error'))) });
      },
      (error: unknown) => logger.error('could not publish the demo domains to the gateway\'s registry', { err: error }),
    );
  };

  const spawn = (service: Service): void => {
    const child = fork(CLI, service.args, { env: service.env() as NodeJS.ProcessEnv, execArgv: service === gateway ? [...EXEC_ARGV, ...GATEWAY_NODE_OPTIONS] : EXEC_ARGV });
    service.child = child;
    child.on('message', (message: ServiceMessage) => {
      if (message?.type === 'listening' && service === gateway) {
        gatewayListening = message.url;
        publishOnce();
      }
      if (message?.type !== 'ready') return;
      service.restarts.ready();
      service.url = message.url;
      service.port = Number(new URL(message.url).port);
      // With free ports the gateway can only start once it knows where the subgraphs are.
      if (!gateway.child && subgraphs.every((s) => s.url)) spawn(gateway);
      publishOnce();
      if (!announced && services.every((s) => s.url)) {
        announced = true;
        printBanner(performance.now() - startedAt, gateway, subgraphs);
      }
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      if (!service.url && service.restarts.restarts === 0) {
        logger.error(`${service.name} failed to start; stopping the mesh (its error is above)`, { code: code ?? signal ?? undefined });
        void stopAll(1);
        return;
      }
      const delay = service.restarts.exited();
      logger.warn(`${service.name} exited; restarting`, { code: code ?? signal ?? undefined, restartInMs: delay });
      setTimeout(() => !stopping && spawn(service), delay);
    });
  };

  const stopAll = async (exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      services.map(({ child }) =>
        child && child.exitCode === null && child.signalCode === null
          ? new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            })
          : undefined,
      ),
    );
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  logger.info('starting the demo mesh: four domains and the gateway, one process each');
  subgraphs.forEach(spawn);
  // On known ports the gateway starts at once and waits for the subgraphs itself.
  if (base !== 0) spawn(gateway);
}

function printBanner(elapsedMs: number, gateway: Service, subgraphs: readonly Service[]): void {
  const human = (url: string | undefined) => (url ?? '').replace('127.0.0.1', 'localhost');
  const endpoint = human(gateway.url);
  const lines = [
    '',
    `meshgraph is up in ${(elapsedMs / 1000).toFixed(1)} s`,
    '',
    `  web catalog ${endpoint.replace(/\/graphql$/, '/')}   open it in a browser: every data product, who owns it, how fresh it is`,
    `  gateway     ${endpoint}      health: ${endpoint.replace('/graphql', '/health')}`,
    `              subscriptions: ${endpoint.replace('http:', 'ws:')}   catalog: dataProducts, dataProduct, lineage, polysemes, entity`,
    ...subgraphs.map((s) => `  ${s.name.padEnd(11)} ${human(s.url)}      data products: ${human(s.url).replace('/graphql', '/data-products')}`),
    '',
    '  Try it (public data, no token needed):',
    `  curl -s ${endpoint} -H 'content-type: application/json' \\`,
    `    -d '{"query":"{ topCharts(first: 3) { edges { node { rank plays episode { title podcast { title host { name } } } } } } }"}'`,
    '',
    '  Everything else is governed: as a demo consumer, add -H "authorization: Bearer $(npx meshgraph token analyst | tail -1)";',
    '  a field you may not read comes back null with an error saying how to ask for access (README: Governance).',
    '',
    '  Ctrl+C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
