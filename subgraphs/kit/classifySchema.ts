import { Kind, parse, type ConstDirectiveNode, type DefinitionNode, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import type { Classification, DataProductDescriptor } from '../../schema/index.ts';
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

/** A field's classification in one data product. */
interface FieldClassification {
  level: string;
  product: string;
  /** Named in the descriptor's `classification.fields`, not the product's default. */
  explicit: boolean;
  pseudonymise: boolean;
}

const stringArgument = (name: string, value: string) => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: { kind: Kind.STRING, value } }) as const;

const booleanArgument = (name: string) => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: { kind: Kind.BOOLEAN, value: true } }) as const;

function classifiedDirective({ level, product, explicit, pseudonymise }: FieldClassification): ConstDirectiveNode {
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
  const byCoordinate = new Map<string, FieldClassification[]>();
  for (const descriptor of descriptors) {
    const { classification, urn } = descriptor;
    const pseudonymised = new Set(classification.pseudonymise ?? []);
    const add = (coordinate: string, level: Classification) => {
      const list = byCoordinate.get(coordinate) ?? [];
      list.push({ level, product: urn, explicit: classification.fields?.[coordinate] !== undefined, pseudonymise: pseudonymised.has(coordinate) });
      byCoordinate.set(coordinate, list);
    };
    // An output port's root field is the product's door: it has the product's classification unless the descriptor names it.
    for (const port of descriptor.outputPorts) if (port.kind !== 'topic') add(port.field, classification.fields?.[port.field] ?? classification.default);
    for (const type of descriptor.schema) for (const field of type.fields) add(`${type.name}.${field.name}`, field.classification);
  }
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
