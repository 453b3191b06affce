import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DomainSchema } from './Domain.ts';

/** Reads a domain's `.graphql` file, e.g. `readSchemaFile(new URL('./schema.graphql', import.meta.url))`. */
export function readSchemaFile(url: URL): DomainSchema {
  const path = fileURLToPath(url);
  return { sdl: readFileSync(path, 'utf8'), source: relative(process.cwd(), path) || path };
}
