import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readString, type Env } from '../../config/index.ts';
import type { MeshPolicy } from './MeshPolicy.ts';
import { parseMeshPolicy, PolicyError } from './parseMeshPolicy.ts';

/** The mesh policy kept in the repository, beside the governance code. */
export const MESH_POLICY_FILE = fileURLToPath(new URL('../mesh-policy.yaml', import.meta.url));

/**
 * Reads and validates the mesh policy: `MESHGRAPH_POLICY_FILE` when set,
 * else the repository's `governance/mesh-policy.yaml`. Throws `PolicyError`
 * naming the file and the key at fault.
 */
export function loadMeshPolicy(env: Env = {}): MeshPolicy {
  return readMeshPolicy(env).policy;
}

/** `loadMeshPolicy`, with the file it came from (for messages that name it). */
export function readMeshPolicy(env: Env = {}): { policy: MeshPolicy; source: string } {
  const file = readString(env, 'MESHGRAPH_POLICY_FILE', MESH_POLICY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(`The mesh policy file "${file}" cannot be read (${(error as Error).message}); set MESHGRAPH_POLICY_FILE to a readable file, or unset it for the repository's.`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new PolicyError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  return { policy: parseMeshPolicy(data, file), source: file };
}
