import type { RegisteredSubgraph } from '../RegisteredSubgraph.ts';
import type { FieldUse } from '../usage/FieldUse.ts';
import { breakingChanges, DEFAULT_USAGE_WINDOW_DAYS } from './breakingChanges.ts';
import { apiSchemaSdl, composeWithMesh, type MeshComposition } from './composeWithMesh.ts';
import { eventContractChanges } from './eventContractChanges.ts';
import type { SubgraphCheck } from './SubgraphCheck.ts';

export interface BreakingChangeCheckOptions {
  /** What consumers used, read at each check (the usage log's `usage`). */
  usage: () => readonly FieldUse[] | Promise<readonly FieldUse[]>;
  /** Days back in which a use makes a change breaking. @default 30 */
  windowDays?: number;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
  /** The publication of a subgraph a candidate would replace (the registry's latest, by name). @default the mesh's subgraph of that name that `checkSubgraph` was given */
  published?: (name: string) => RegisteredSubgraph | undefined;
}

/**
 * The API schemas of meshes, the last two remembered by their subgraphs (in
 * any order): a publication's mesh after is the next one's mesh before, so
 * one after another each composes only its own candidate's mesh.
 */
function meshApiSchemas() {
  const remembered = new Map<string, string | undefined>();
  return (subgraphs: readonly RegisteredSubgraph[], compose: () => MeshComposition = () => composeWithMesh(subgraphs)): string | undefined => {
    const key = JSON.stringify(subgraphs.map(({ name, url, sdl }) => [name, url, sdl]).sort(([a], [b]) => a!.localeCompare(b!)));
    if (!remembered.has(key)) {
      remembered.set(key, apiSchemaSdl(compose()));
      if (remembered.size > 2) remembered.delete(remembered.keys().next().value!);
    }
    return remembered.get(key);
  };
}

/**
 * The check of a candidate against the publication it replaces and real
 * use, for `checkSubgraph`'s `extraChecks`: `breakingChanges` of what
 * consumers see — the API schema of the mesh composed with the current
 * publication against the one composed with the candidate, so a field
 * another subgraph still resolves (a `@shareable` one) is not removed —
 * weighed against what they used (when either does not compose, the two
 * subgraph SDLs are compared instead); and `eventContractChanges` of its
 * topics' contracts against the mesh's consumers of them. A first
 * publication has nothing to break.
 */
export function breakingChangeCheck(options: BreakingChangeCheckOptions): SubgraphCheck {
  const { usage, windowDays = DEFAULT_USAGE_WINDOW_DAYS, now = Date.now, published } = options;
  const apiSchemaOf = meshApiSchemas();
  return async function breakingChange({ candidate, current: given, others, composition }) {
    const current = published ? published(candidate.name) : given;
    if (!current) return [];
    const before = apiSchemaOf([current, ...others]);
    const after = before === undefined ? undefined : apiSchemaOf([candidate, ...others], composition);
    const [from, to] = before !== undefined && after !== undefined ? [before, after] : [current.sdl, candidate.sdl];
    return [
      ...breakingChanges({ current: from, candidate: to, usage: await usage(), now: now(), windowDays }),
      ...eventContractChanges({ current: current.descriptors, candidate: candidate.descriptors, others }),
    ];
  };
}
