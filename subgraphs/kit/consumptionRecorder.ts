import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { ConsumerFigure, DataProductDescriptor } from '../../schema/index.ts';

/** Who used which data product: recorded per operation, shown on the discovery port. */
export interface ConsumptionRecorder {
  /** Records an operation of `clientName` (nothing is recorded without one). */
  record(clientName: string | undefined, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): void;
  /** The product's consumers, most recent first. */
  consumersOf(product: string): ConsumerFigure[];
}

const ROOT_TYPES = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

/**
 * Attributes operations to data products by their output ports: a root field
 * (`Query.plays`) to the product whose port it is; an `_entities` fetch (how
 * the gateway asks for one domain's facet of an entity) to the products whose
 * schema has the entity's type.
 */
export function createConsumptionRecorder(descriptors: readonly DataProductDescriptor[]): ConsumptionRecorder {
  const byField = new Map<string, string[]>();
  const byType = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, product: string) => map.set(key, [...new Set([...(map.get(key) ?? []), product])]);
  for (const descriptor of descriptors) {
    for (const port of descriptor.outputPorts) if (port.kind !== 'topic') add(byField, port.field, descriptor.name);
    for (const type of descriptor.schema) add(byType, type.name, descriptor.name);
  }
  const consumers = new Map<string, Map<string, ConsumerFigure>>();

  const productsOf = (operation: OperationDefinitionNode, variables: Record<string, unknown>): Set<string> => {
    const products = new Set<string>();
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      const field = selection.name.value;
      if (field === '_entities') {
        const representations = Array.isArray(variables['representations']) ? (variables['representations'] as { __typename?: unknown }[]) : [];
        for (const typename of new Set(representations.map((r) => r?.__typename))) {
          if (typeof typename === 'string') for (const product of byType.get(typename) ?? []) products.add(product);
        }
        continue;
      }
      for (const product of byField.get(`${ROOT_TYPES[operation.operation]}.${field}`) ?? []) products.add(product);
    }
    return products;
  };

  return {
    record(clientName, document, operationName, variables) {
      if (!clientName) return;
      const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
      if (!operation) return;
      const now = new Date().toISOString();
      for (const product of productsOf(operation, variables ?? {})) {
        const byClient = consumers.get(product) ?? new Map<string, ConsumerFigure>();
        const figure = byClient.get(clientName) ?? { clientName, lastSeenAt: now, count: 0 };
        byClient.set(clientName, { ...figure, lastSeenAt: now, count: figure.count + 1 });
        consumers.set(product, byClient);
      }
    },
    consumersOf(product) {
      return [...(consumers.get(product)?.values() ?? [])].sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.clientName.localeCompare(b.clientName));
    },
  };
}
