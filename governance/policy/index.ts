export type { AccessRequirement, ClassificationFloor, ClassificationRule, MeshPolicy, Purpose, RateLimit, RowRule } from './MeshPolicy.ts';
export { loadMeshPolicy, MESH_POLICY_FILE, readMeshPolicy } from './loadMeshPolicy.ts';
export { ACCESS_REQUIREMENTS, parseMeshPolicy, PolicyError } from './parseMeshPolicy.ts';
