import { Kind, parse, type ConstDirectiveNode, type DefinitionNode, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { fieldClassifications, type ProductClassification } from '../../governance/enforcement/index.ts';
import type { FederationName } from './federationLink.ts';

/** The spec URL of meshgraph's governance directives, linked by every kit subgraph. */
export const GOVERNANCE_SPEC_URL = 'https://meshgraph.dev/governance/v1.0';

/**
 * `@classified(level, product, pseudonymise)` on a field: its classification
 * in a data product. Composed into the supergraph (`@composeDirective`), so
 * the gateway enforces exactly what the domain's descriptors say, with every
 * composition, and a field no descriptor classifies is visibly unclassified.
 */
const DIRECTIVE_DEFINITION = 'directive @classified(level: String!, product: String!, explicit: Boolean, pseudonymise: Boolean) repeatable on FIELD_DEFINITION';

const stringArgument = (name: string, value: string) => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: { kind: Kind.STRING, value } }) as const;

const booleanArgument = (name: string) => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: { kind: Kind.BOOLEAN, value: true } }) as const;

function classifiedDirective({ level, product, explicit, pseudonymise }: ProductClassification): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'classified' },
    arguments: [
      stringArgument('level', level),
      stringArgument('product', product),
      ...(explicit ? [booleanArgument('explicit')] : []),
      ...(pseudonymise ? [booleanArgument('pseudonymise')] : []),
    ],
  };
}

/**
 * Marks every field the descriptors describe with its classification in each
 * data product that serves it, and links and composes the directive. `name`
 * names federation directives as the document imports them.
 */
export function classifySchema(document: DocumentNode, descriptors: readonly DataProductDescriptor[], name: FederationName): DocumentNode {
  const byCoordinate = fieldClassifications(descriptors);
  const annotate = (typeName: string, fields: readonly FieldDefinitionNode[] | undefined) =>
    fields?.map((field) => {
      const classifications = byCoordinate.get(`${typeName}.${field.name.value}`);
      return classifications ? { ...field, directives: [...(field.directives ?? []), ...classifications.map(classifiedDirective)] } : field;
    });
  const definitions = document.definitions.map((definition): DefinitionNode => {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        return { ...definition, fields: annotate(definition.name.value, definition.fields) } as DefinitionNode;
      default:
        return definition;
    }
  });
  const compose = name('@composeDirective');
  const link = parse(`
    extend schema @link(url: "${GOVERNANCE_SPEC_URL}", import: ["@classified"]) ${compose}(name: "@classified")
    ${DIRECTIVE_DEFINITION}
  `).definitions;
  return { ...document, definitions: [...link, ...definitions] };
}
