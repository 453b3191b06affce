import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { Classification, DescribedType } from '../../schema/index.ts';

/**
 * Lists the object and interface types reachable from `rootFields`
 * (`Query.plays`, …) with each field's type, description and classification,
 * so a descriptor shows exactly the schema its ports serve.
 */
export function describeSchema(
  schema: GraphQLSchema,
  rootFields: readonly string[],
  classify: (coordinate: string) => Classification,
): DescribedType[] {
  const seen = new Set<string>();
  const described: DescribedType[] = [];
  const visit = (type: GraphQLNamedType): void => {
    if (seen.has(type.name) || type.name.startsWith('_')) return;
    seen.add(type.name);
    if (isUnionType(type)) {
      type.getTypes().forEach(visit);
      return;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return;
    const fields = Object.values(type.getFields()).filter((f) => !f.name.startsWith('_'));
    described.push({
      name: type.name,
      description: type.description ?? '',
      fields: fields.map((f) => ({
        name: f.name,
        type: String(f.type),
        description: f.description ?? '',
        classification: classify(`${type.name}.${f.name}`),
      })),
    });
    fields.forEach((f) => visit(getNamedType(f.type)));
  };
  for (const coordinate of rootFields) {
    const [typeName, fieldName] = coordinate.split('.');
    const root = typeName ? schema.getType(typeName) : undefined;
    const field = root && isObjectType(root) && fieldName ? root.getFields()[fieldName] : undefined;
    if (field) visit(getNamedType(field.type));
  }
  return described;
}
