import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { parse } from 'yaml';
import { GATEWAY_NODE_OPTIONS } from '../bin/gatewayNodeOptions.ts';
import { GATEWAY_PORT } from '../bin/gatewayPort.ts';
import { readEventLogConfig, readPort, type Env } from '../config/index.ts';
import { DEMO_SUBGRAPH_PORTS, readDemoDataOptions } from '../demo/index.ts';
import { readSubgraphEndpoints } from '../gateway/index.ts';
import { DEVELOPMENT_KEY_FILE } from '../governance/identity/index.ts';
import { readTracingConfig } from '../telemetry/index.ts';

// docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so they are checked against the code.

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  volumes?: string[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const dockerfile = read('Dockerfile');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  bin: Record<string, string>;
  scripts: Record<string, string>;
};
const cli = read('bin/meshgraph.ts');

/** What the build (tsconfig.build.json) makes of `bin/meshgraph.ts`: the CLI the containers run. */
function builtCli(): string {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const outputs = ts.getOutputFileNames(config!, join(ROOT, 'bin/meshgraph.ts'), !ts.sys.useCaseSensitiveFileNames);
  return relative(ROOT, outputs.find((file) => file.endsWith('.js'))!);
}
const BUILT_CLI = builtCli();

const DOMAINS = Object.keys(DEMO_SUBGRAPH_PORTS);
const MESHGRAPH_SERVICES = [...DOMAINS, 'gateway'];

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The environment as compose hands it over: `${NAME:-default}` becomes the default (nothing is set on the host). */
function envOf(name: string): Env {
  const entries = Object.entries(service(name).environment ?? {});
  return Object.fromEntries(entries.map(([key, value]) => [key, String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]));
}

/** The CLI arguments after the compiled CLI, and what precedes it. */
function cliArgs(name: string): { runner: string[]; args: string[] } {
  const command = service(name).command ?? [];
  const at = command.indexOf(BUILT_CLI);
  expect(at, `${name} runs ${BUILT_CLI}`).toBeGreaterThan(-1);
  return { runner: command.slice(0, at), args: command.slice(at + 1) };
}

/** Every environment variable name the code reads: any exact string literal, or `env.NAME`, in the runtime sources. */
function namesTheCodeReads(): Set<string> {
  const names = new Set<string>();
  const scan = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) scan(path);
      else if (entry.name.endsWith('.ts')) {
        // Drop comments, so a name merely documented does not count as read (keeping `http://` in strings).
        const source = read(path).replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');
        for (const [, name] of source.matchAll(/['"`]([A-Z][A-Z0-9_]*)['"`]/g)) names.add(name!);
        for (const [, name] of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(name!);
      }
    }
  };
  for (const dir of ['bin', 'config', 'gateway', 'subgraphs', 'server', 'logger', 'demo', 'telemetry']) scan(dir);
  return new Set([...names].filter((name) => /^(MESHGRAPH_[A-Z_]+|OTEL_[A-Z_]+|PORT|HOST|NODE_ENV|KAFKA_BROKERS|KAFKA_SASL_[A-Z_]+|KAFKA_SSL[A-Z_]*)$/.test(name)));
}

describe('docker-compose.yml', () => {
  it('has a service per demo domain, the gateway, Kafka and its ACLs, and Jaeger behind the tracing profile', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...MESHGRAPH_SERVICES, 'kafka', 'kafka-acls', 'jaeger'].sort());
    expect(service('jaeger').profiles).toEqual(['tracing']);
    expect(service('jaeger').ports).toContain('4318:4318');
    expect(service('kafka').image).toMatch(/^apache\/kafka:(3\.9|4)\.\d+/);
    for (const name of MESHGRAPH_SERVICES) expect(service(name).build, `${name} builds the image`).toBe('.');
  });

  it('runs each service with a command the CLI has', () => {
    expect(existsSync(join(ROOT, 'bin/meshgraph.ts'))).toBe(true);
    expect(cli).toContain("case 'subgraph':");
    expect(cli).toContain("case 'gateway':");
    for (const domain of DOMAINS) expect(cliArgs(domain).args, domain).toEqual(['subgraph', domain]);
    expect(cliArgs('gateway').args).toEqual(['gateway']);
    // The compiled JavaScript, with plain node: no TypeScript loader at run time.
    expect(BUILT_CLI).toBe('dist/bin/meshgraph.js');
    // The gateway with the young generation npm start gives it too.
    for (const name of MESHGRAPH_SERVICES) expect(cliArgs(name).runner, name).toEqual(name === 'gateway' ? ['node', ...GATEWAY_NODE_OPTIONS] : ['node']);
  });

  it('serves each service on its default port, published as is', () => {
    const expected: Record<string, number> = { ...DEMO_SUBGRAPH_PORTS, gateway: GATEWAY_PORT };
    for (const name of MESHGRAPH_SERVICES) {
      const port = expected[name];
      expect(port, `${name} has a default port in the code`).toBeDefined();
      expect(readPort(envOf(name), 'PORT', -1), `${name} PORT`).toBe(port);
      expect(envOf(name)['HOST'], `${name} listens beyond its container`).toBe('0.0.0.0');
      expect(service(name).ports, `${name} ports`).toContain(`${port}:${port}`);
    }
  });

  it('points the gateway at every domain by service name and port', () => {
    const endpoints = readSubgraphEndpoints({ MESHGRAPH_SUBGRAPHS: envOf('gateway')['MESHGRAPH_SUBGRAPHS'] ?? '' });
    expect(endpoints.map((e) => e.name).sort()).toEqual([...DOMAINS].sort());
    for (const { name, url } of endpoints) expect(url).toBe(`http://${name}:${DEMO_SUBGRAPH_PORTS[name]}/graphql`);
    expect(Object.keys(service('gateway').depends_on ?? {}).sort()).toEqual([...DOMAINS].sort());
  });

  it('shares one development signing key among the gateway and every domain, so each accepts the others’ tokens', () => {
    for (const name of MESHGRAPH_SERVICES) {
      const { MESHGRAPH_DATA_DIR: dataDir } = envOf(name);
      expect(dataDir, name).toBeDefined();
      expect(service(name).volumes, name).toContain(`governance-keys:${join(dataDir!, dirname(DEVELOPMENT_KEY_FILE))}`);
    }
  });

  it('sets only environment variables the code reads, with values its readers accept', () => {
    const known = namesTheCodeReads();
    for (const name of MESHGRAPH_SERVICES) {
      for (const variable of Object.keys(envOf(name))) expect(known, `${name} sets ${variable}`).toContain(variable);
    }
    for (const domain of DOMAINS) {
      expect(() => readPort(envOf(domain), 'PORT', 0)).not.toThrow();
      // The compose defaults are the code's defaults.
      expect(readDemoDataOptions(envOf(domain)), domain).toEqual(readDemoDataOptions({}));
    }
    // Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set on the host.
    for (const name of MESHGRAPH_SERVICES) expect(readTracingConfig(envOf(name), name).tracesUrl, name).toBeUndefined();
  });

  it('lets only a topic’s owning domain write to it: each domain is its own SASL user, the broker authorizes, and ACLs grant writes on its own topics only', () => {
    const broker = envOf('kafka');
    expect(broker['KAFKA_AUTHORIZER_CLASS_NAME']).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(broker['KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND']).toBe('false');
    expect(broker['KAFKA_SUPER_USERS']?.split(';').sort()).toEqual(['User:ANONYMOUS', 'User:admin']);
    // Every listener clients reach asks for SASL; only the controller's, inside the container, does not.
    const protocols = Object.fromEntries((broker['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP'] ?? '').split(',').map((pair) => pair.split(':')));
    for (const listener of (broker['KAFKA_ADVERTISED_LISTENERS'] ?? '').split(',').map((url) => url.split(':')[0]!)) expect(protocols[listener], listener).toBe('SASL_PLAINTEXT');
    const acls = (service('kafka-acls').command ?? []).join('\n');
    expect(service('kafka-acls').depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
    expect(acls).toContain('for domain in ' + DOMAINS.join(' ') + '; do');
    // Writes (All) only on the domain's own prefix; on every topic only reading, describing and creating.
    expect(acls).toMatch(/--operation All --topic "\$\$domain\." --resource-pattern-type prefixed/);
    expect(acls).toMatch(/--operation Read --operation Describe --operation Create --topic '\*'\n/);
    expect(acls).not.toMatch(/--operation (Write|All) --topic '\*'/);
    for (const domain of DOMAINS) {
      const config = readEventLogConfig(envOf(domain));
      expect(config, domain).toMatchObject({ kind: 'kafka', sasl: { mechanism: 'plain', username: domain } });
      const password = config.kind === 'kafka' ? config.sasl?.password : undefined;
      for (const listener of ['INTERNAL', 'EXTERNAL']) {
        expect(broker[`KAFKA_LISTENER_NAME_${listener}_PLAIN_SASL_JAAS_CONFIG`], `${domain} is a user of ${listener}`).toContain(`user_${domain}="${password}"`);
      }
      expect(service(domain).depends_on?.['kafka-acls'], domain).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it("health-checks each service on its own port's /health", () => {
    for (const name of MESHGRAPH_SERVICES) {
      const test = (service(name).healthcheck?.test ?? []).join(' ');
      const url = test.match(/https?:\/\/[^'"\s)]+/)?.[0];
      expect(url, `${name} healthcheck URL`).toBeDefined();
      const { hostname, port, pathname } = new URL(url!);
      expect({ hostname, port, pathname }, name).toEqual({ hostname: 'localhost', port: envOf(name)['PORT'], pathname: '/health' });
    }
    expect(service('kafka').healthcheck?.test.join(' ')).toContain('kafka-broker-api-versions.sh --bootstrap-server localhost:9092');
  });
});

describe('Dockerfile', () => {
  it('builds on a Node version the project supports', () => {
    const major = Number(dockerfile.match(/^FROM node:(\d+)/m)?.[1]);
    const minimum = Number(pkg.engines.node.match(/^>=\s*(\d+)/)?.[1]);
    expect(minimum, 'engines.node is ">=N…"').toBeGreaterThan(0);
    expect(major).toBeGreaterThanOrEqual(minimum);
  });

  it('installs the locked dependencies, builds, keeps the runtime ones, and runs the compiled CLI with plain node', () => {
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build\b.*npm prune --omit=dev/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(JSON.parse(dockerfile.match(/^CMD (.*)$/m)![1]!)).toEqual(['node', BUILT_CLI, 'start']);
    // What the build needs, and nothing at run time does.
    for (const tool of ['typescript', 'tsx']) {
      expect(pkg.devDependencies, tool).toHaveProperty(tool);
      expect(pkg.dependencies, tool).not.toHaveProperty(tool);
    }
  });

  it('sets only environment variables the code reads', () => {
    for (const [, name] of dockerfile.matchAll(/^ENV (\w+)=/gm)) expect(namesTheCodeReads()).toContain(name);
  });
});

describe('package.json', () => {
  it('has the compiled CLI as its bin, and npm start runs it after building what changed', () => {
    expect(pkg.bin).toEqual({ meshgraph: BUILT_CLI });
    expect(cli.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(pkg.scripts['prepare']).toBe(pkg.scripts['build']);
    expect(pkg.scripts['start']).toBe(`${pkg.scripts['build']} --if-stale && node ${BUILT_CLI} start`);
  });
});
