import { schemaSurface, usersOf } from '../checks/schemaSurface.ts';
import type { FieldUse } from './FieldUse.ts';

/** `Type.field` of a coordinate (`Type.field` or `Type.field(arg:)`). */
const fieldOf = (coordinate: string) => coordinate.replace(/\(.*$/, '');

/**
 * The uses a change of one subgraph can break, out of all recorded ones:
 * those of the fields it defines or extends and their arguments, and of
 * any coordinate of the mesh whose values are of an enum, union or input
 * type it defines (a value or member it removes breaks them). `subgraphSdl`
 * is its published SDL, `meshSdls` those of the mesh's subgraphs.
 */
export function usesOfSubgraph(usage: readonly FieldUse[], subgraphSdl: string, meshSdls: readonly string[]): FieldUse[] {
  const own = schemaSurface(subgraphSdl);
  const fields = new Set([...own.outputs].flatMap(([type, of]) => [...of.keys()].map((field) => `${type}.${field}`)));
  const valueTypes = new Set([...own.enums.keys(), ...own.unions.keys(), ...own.inputs.keys()]);
  const reaching = new Set(valueTypes.size === 0 ? [] : usersOf([own, ...meshSdls.map(schemaSurface)], valueTypes));
  return usage.filter(({ coordinate }) => fields.has(fieldOf(coordinate)) || reaching.has(coordinate));
}
