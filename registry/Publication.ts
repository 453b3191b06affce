import { ErrorCode } from '../schema/index.ts';
import type { RegisteredSubgraph } from './RegisteredSubgraph.ts';

/** What a domain publishes: its subgraph, before the registry records who published it and when. */
export type Publication = Omit<RegisteredSubgraph, 'publishedBy' | 'publishedAt'>;

/** A subgraph name: its domain's (`merch`), lower case, as `MESHGRAPH_SUBGRAPHS` and the kit name them. */
const SUBGRAPH_NAME = /^[a-z][a-z0-9-]*$/;

/** A publication or a registry record that is not one; `code` is `BAD_USER_INPUT`. */
export class PublicationError extends Error {
  override name = 'PublicationError';
  readonly code = ErrorCode.BAD_USER_INPUT;
}

const fail = (message: string): never => {
  throw new PublicationError(message);
};

const text = (value: Record<string, unknown>, field: string, what: string): string =>
  typeof value[field] === 'string' && value[field].trim() !== '' ? value[field] : fail(`"${field}" must be ${what}, but is ${JSON.stringify(value[field] ?? null)}.`);

/**
 * Reads a publication from untrusted input (a request body): `name`, `url`
 * (http or https), `sdl`, `descriptors` (an array of objects with a `urn`)
 * and `version`, each checked; throws `PublicationError` saying what was
 * expected and what came. Whether they are good enough for the mesh is for
 * the checks (`checkSubgraph`).
 */
export function parsePublication(value: unknown): Publication {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('A publication is a JSON object: { "name", "url", "sdl", "descriptors", "version" }.');
  const body = value as Record<string, unknown>;
  const name = text(body, 'name', 'the subgraph\'s name, its domain\'s (e.g. "merch")');
  if (!SUBGRAPH_NAME.test(name)) fail(`"name" must be lower case letters, digits and dashes, starting with a letter (a domain's name, e.g. "merch"), but is ${JSON.stringify(name)}.`);
  const url = text(body, 'url', 'where the gateway reaches the subgraph\'s /graphql (http or https)');
  if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) fail(`"url" must be an http or https URL of the subgraph's /graphql, but is ${JSON.stringify(url)}.`);
  const sdl = text(body, 'sdl', 'the subgraph\'s Federation 2 SDL');
  const version = text(body, 'version', 'the version of this publication (free text: a git commit, "1.4.0")');
  const descriptors = Array.isArray(body['descriptors']) ? body['descriptors'] : fail(`"descriptors" must be the array of the data products' descriptors, but is ${JSON.stringify(body['descriptors'] ?? null)}.`);
  descriptors.forEach((descriptor: unknown, i) => {
    if (typeof descriptor !== 'object' || descriptor === null || typeof (descriptor as { urn?: unknown }).urn !== 'string') fail(`"descriptors[${i}]" must be a data product's descriptor (an object with its "urn").`);
  });
  return { name, url, sdl, descriptors: descriptors as Publication['descriptors'], version };
}

/** Reads a subgraph as the registry's topic holds it (a publication, by whom and when); throws `PublicationError` when it is none. */
export function parseRegisteredSubgraph(value: unknown): RegisteredSubgraph {
  const publication = parsePublication(value);
  const body = value as Record<string, unknown>;
  return { ...publication, publishedBy: text(body, 'publishedBy', 'a consumer id'), publishedAt: text(body, 'publishedAt', 'an ISO-8601 time') };
}
