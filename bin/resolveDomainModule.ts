import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../config/index.ts';
import { DEMO_SUBGRAPH_PORTS } from '../demo/index.ts';
import type { DomainModule } from '../subgraphs/kit/index.ts';

// `.ts` when run from the sources, `.js` when compiled: the modules this one finds have its extension.
const EXTENSION = extname(fileURLToPath(import.meta.url));
const DEMO_DOMAINS = fileURLToPath(new URL('../demo/domains/', import.meta.url));
const SUBGRAPHS = fileURLToPath(new URL('../subgraphs/', import.meta.url));
/** Folders of `subgraphs/` that hold no domain. */
const NOT_DOMAINS = new Set(['kit']);
const INDEX_FILES = [...new Set([`index${EXTENSION}`, 'index.js', 'index.ts', 'index.mjs'])];

/** A domain module found for `meshgraph subgraph <domain>`. */
export interface ResolvedDomain {
  /** The name it runs under: the one asked for, or the folder's (the file's) name for a path. */
  name: string;
  /** The module's file. */
  file: string;
  /** Its default port: the demo mesh's for a demo domain, else 0 (a free one). */
  defaultPort: number;
  module: DomainModule;
}

/**
 * Finds and loads the domain module `meshgraph subgraph <domain>` runs: a
 * demo domain by name (`demo/domains/<name>`), else a domain folder of the
 * project (`subgraphs/<name>/index`), or a folder or module by path
 * (`./merch`, `/srv/domains/merch/index.ts`, relative to `cwd`). Throws a
 * `ConfigError` naming what exists when nothing is found, or when the module
 * does not export `createDomain`.
 */
export async function resolveDomainModule(domain: string | undefined, cwd = process.cwd()): Promise<ResolvedDomain> {
  const found = domain === undefined ? undefined : isPath(domain) ? findByPath(domain, cwd) : findByName(domain);
  if (!found) {
    throw new ConfigError(
      `Unknown domain ${JSON.stringify(domain)}. Domains: ${domainNames().join(', ')}. ` +
        'Or give the path of a domain folder whose index exports createDomain, like "meshgraph subgraph ./merch".',
    );
  }
  const module = (await importDomain(found.file)) as Partial<DomainModule>;
  if (typeof module.createDomain !== 'function') {
    throw new ConfigError(`${found.file} does not export createDomain: a domain module exports createDomain(context), which returns the domain to serve.`);
  }
  return { ...found, module: module as DomainModule };
}

/** The domains `meshgraph subgraph <name>` knows by name: the demo mesh's, then the project's other domain folders. */
function domainNames(): string[] {
  const folders = existsSync(SUBGRAPHS) ? readdirSync(SUBGRAPHS, { withFileTypes: true }) : [];
  const projectDomains = folders
    .filter((entry) => entry.isDirectory() && !NOT_DOMAINS.has(entry.name) && indexOf(resolve(SUBGRAPHS, entry.name)))
    .map((entry) => entry.name)
    .sort();
  return [...new Set([...Object.keys(DEMO_SUBGRAPH_PORTS), ...projectDomains])];
}

/**
 * Imports a domain module. A team's domain is often TypeScript while the CLI
 * runs compiled JavaScript (`npm start`, the package bin): then it is loaded
 * through tsx, when tsx is installed beside meshgraph.
 */
async function importDomain(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  if (EXTENSION !== '.js' || !/\.[cm]?ts$/.test(file)) return import(url);
  const tsx = await import('tsx/esm/api').catch(() => {
    throw new ConfigError(
      `${file} is TypeScript, and this meshgraph runs compiled JavaScript without tsx to load it. ` +
        'Compile the domain to JavaScript, or install tsx beside meshgraph (npm install --save-dev tsx).',
    );
  });
  return tsx.tsImport(url, import.meta.url);
}

function isPath(domain: string): boolean {
  return domain.startsWith('.') || domain.includes('/') || domain.includes('\\');
}

function findByName(name: string): Omit<ResolvedDomain, 'module'> | undefined {
  const demoPort = DEMO_SUBGRAPH_PORTS[name];
  if (demoPort !== undefined) return { name, file: resolve(DEMO_DOMAINS, `${name}${EXTENSION}`), defaultPort: demoPort };
  if (!/^[a-z][a-z0-9-]*$/.test(name) || NOT_DOMAINS.has(name)) return undefined;
  const file = indexOf(resolve(SUBGRAPHS, name));
  return file ? { name, file, defaultPort: 0 } : undefined;
}

function findByPath(path: string, cwd: string): Omit<ResolvedDomain, 'module'> {
  const target = resolve(cwd, path);
  if (!existsSync(target)) throw new ConfigError(`No domain at "${path}": ${target} does not exist.`);
  if (!statSync(target).isDirectory()) {
    const name = basename(target, extname(target));
    return { name: name === 'index' ? basename(dirname(target)) : name, file: target, defaultPort: 0 };
  }
  const file = indexOf(target);
  if (!file) throw new ConfigError(`No domain at "${path}": ${target} has none of ${INDEX_FILES.join(', ')}.`);
  return { name: basename(target), file, defaultPort: 0 };
}

function indexOf(folder: string): string | undefined {
  return INDEX_FILES.map((index) => resolve(folder, index)).find((file) => existsSync(file));
}
