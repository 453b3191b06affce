import { Kind, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import { CLASSIFICATIONS, type Classification } from '../../schema/index.ts';

/** A field a subgraph's SDL defines, with the classifications its `@classified` directives give it. */
export interface SdlField {
  /** `Type.field`. */
  readonly coordinate: string;
  readonly type: string;
  readonly node: FieldDefinitionNode;
  /** One per data product that classifies it; empty when none does. */
  readonly levels: readonly Classification[];
}

const levelOf = (directive: ConstDirectiveNode): Classification | undefined => {
  if (directive.name.value !== 'classified') return undefined;
  const value = directive.arguments?.find((argument) => argument.name.value === 'level')?.value;
  // An unknown level counts as the strictest, as the gateway reads it.
  return value?.kind === Kind.STRING ? (CLASSIFICATIONS.includes(value.value as Classification) ? (value.value as Classification) : 'pii') : undefined;
};

/**
 * The fields of the object and interface types a subgraph's SDL defines or
 * extends, federation's own (`_entities`, `_service`, `_Service.sdl`) left out.
 */
export function sdlFields(document: DocumentNode): SdlField[] {
  return document.definitions.flatMap((definition) => {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        if (definition.name.value.startsWith('_')) return [];
        return (definition.fields ?? [])
          .filter((field) => !field.name.value.startsWith('_'))
          .map((field) => ({
            coordinate: `${definition.name.value}.${field.name.value}`,
            type: definition.name.value,
            node: field,
            levels: (field.directives ?? []).flatMap((directive) => levelOf(directive) ?? []),
          }));
      default:
        return [];
    }
  });
}
