import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SUBGRAPH_PORTS } from '../demo/index.ts';
import { CATALOG_SUBGRAPH } from '../gateway/catalog/index.ts';
import { scaffoldDomain, scaffoldNames } from './scaffoldDomain.ts';

/** How `meshgraph init` is called. */
export const INIT_USAGE = `Usage:
  meshgraph init <domain> [--dir <path>]   create a domain folder (default ./<domain>) that runs and passes its own test:
                                schema, one data product fed by its own topic, a subscription field, a test`;

const DOMAIN_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

// From bin/ in the sources, from dist/bin/ once compiled: the project's folder either way.
const PROJECT = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url));

/** The project's TypeScript source of a module when it is there (a checkout), else the compiled one beside this command (an installed package). */
const moduleFile = (path: string) => {
  const source = join(PROJECT, `${path}.ts`);
  return existsSync(source) ? source : fileURLToPath(new URL(`../${path}.js`, import.meta.url));
};

/** `file` as an import specifier from `folder`. */
const specifier = (folder: string, file: string) => {
  const path = relative(folder, file).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
};

/** Why `name` cannot be a new domain's, or undefined when it can. */
function badName(name: string): string | undefined {
  if (!DOMAIN_NAME.test(name)) return `A domain's name is lower-case kebab-case, like "merch" or "live-events", and is the first part of its URNs and topics; "${name}" is not.`;
  if (name in DEMO_SUBGRAPH_PORTS) return `"${name}" is a domain of the demo mesh; give the new domain a name of its own.`;
  if (name === 'kit' || name === CATALOG_SUBGRAPH) return `"${name}" is taken by meshgraph itself; give the new domain another name.`;
  return undefined;
}

/**
 * `meshgraph init <domain> [--dir <path>]`: writes a new domain folder
 * (`scaffoldDomain`) that `meshgraph subgraph <folder>` runs at once and
 * whose own test passes, then prints the next steps: edit, test, check, run,
 * publish. Refuses a bad name and a folder that exists and is not empty.
 * Returns the exit code: 0, or 2 for a usage error.
 */
export function runInitCommand(
  args: readonly string[],
  cwd: string = process.cwd(),
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
): number {
  let name: string | undefined;
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--dir' || arg.startsWith('--dir=')) dir = arg === '--dir' ? args[++i] : arg.slice('--dir='.length);
    else if (arg.startsWith('-') || name !== undefined) {
      err(`${arg.startsWith('-') ? `Unknown option "${arg}".` : `meshgraph init takes one domain, but got "${name}" and "${arg}".`}\n${INIT_USAGE}\n`);
      return 2;
    } else name = arg;
  }
  const problem = name === undefined ? 'meshgraph init needs the new domain\'s name, like "meshgraph init merch".' : dir === '' ? '--dir needs a path.' : badName(name);
  if (problem || name === undefined) {
    err(`${problem}\n${INIT_USAGE}\n`);
    return 2;
  }
  const folder = resolve(cwd, dir ?? name);
  if (existsSync(folder) && (!statSync(folder).isDirectory() || readdirSync(folder).length > 0)) {
    err(`${folder} already exists and is not an empty folder: meshgraph init writes a new domain only into a new or empty folder. Choose another with --dir.\n`);
    return 2;
  }
  const names = scaffoldNames(name);
  const files = scaffoldDomain(names, { kit: specifier(folder, moduleFile('subgraphs/kit/index')), logger: specifier(folder, moduleFile('logger/index')) });
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  const shown = relative(cwd, folder) || '.';
  const path = shown.startsWith('.') || shown.startsWith(sep) ? shown : `./${shown}`;
  out(`Created domain "${name}" in ${path}:
  schema.graphql    its GraphQL schema: ${names.field}, ${names.field.slice(0, -1)}(id), and the subscription ${names.field.slice(0, -1)}Added
  index.ts          the domain: data product ${names.product}, fed by its own topic ${names.topic}, with its descriptor
  ${name}.test.ts${' '.repeat(Math.max(1, 10 - name.length))}its test: starts it on a free port with an embedded event log
  vitest.config.mts how vitest runs that test

Next steps:
  1. Edit       the schema, the record type and the descriptor (owner, purpose, SLOs, classification) in ${path}
  2. Test       npx vitest run --root ${path}
  3. Token      export MESHGRAPH_TOKEN=$(npx meshgraph token ${name} | tail -1)   your team's credentials (development)
  4. Check      npx meshgraph check ${path}        the mesh's standards, composition with the running mesh, and,
                                                  with MESHGRAPH_TOKEN, the consumers a change would break
  5. Run        npx meshgraph subgraph ${path}     serves it on a free port (PORT to choose one)
  6. Publish    npx meshgraph publish ${path} --url <its /graphql URL>
`);
  return 0;
}
