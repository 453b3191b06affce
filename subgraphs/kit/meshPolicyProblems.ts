import { CLASSIFICATIONS, type Classification, type DataProductDescriptor } from '../../schema/index.ts';
import type { ClassificationFloor, MeshPolicy } from '../../governance/policy/index.ts';

/** True when `coordinate` (`Listener.email`) matches a floor's pattern (`*.email`, `Listener.*`, `Listener.email`). */
function matches(pattern: string, coordinate: string): boolean {
  const [type, field] = pattern.split('.');
  const [actualType, actualField] = coordinate.split('.');
  return (type === '*' || type === actualType) && (field === '*' || field === actualField);
}

/** The floors of the mesh policy that a field (`Listener.email`) classified `level` is below. */
export function floorsBelow(policy: Pick<MeshPolicy, 'floors'>, coordinate: string, level: Classification): ClassificationFloor[] {
  return policy.floors.filter((floor) => matches(floor.field, coordinate) && CLASSIFICATIONS.indexOf(level) < CLASSIFICATIONS.indexOf(floor.atLeast));
}

/**
 * What in a domain's descriptors weakens the mesh policy: a field classified
 * below a floor the policy sets. A domain may tighten the mesh's rules, never
 * weaken them; each problem names the rule and the field.
 */
export function meshPolicyProblems(descriptors: readonly DataProductDescriptor[], policy: MeshPolicy, policySource: string): string[] {
  return descriptors.flatMap((descriptor) =>
    descriptor.schema.flatMap((type) =>
      type.fields.flatMap((field) => {
        const coordinate = `${type.name}.${field.name}`;
        return floorsBelow(policy, coordinate, field.classification).map(
            (floor) =>
              `Data product "${descriptor.name}": field "${coordinate}" is classified ${field.classification}, but mesh rule "${floor.rule}" (${policySource}) requires at least ${floor.atLeast}; a domain may tighten the mesh policy, never weaken it.`,
          );
      }),
    ),
  );
}
