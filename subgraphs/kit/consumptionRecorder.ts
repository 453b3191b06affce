import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { ConsumerFigure, DataProductDescriptor } from '../../schema/index.ts';

/** Who used which data product: recorded per operation, shown on the discovery port. */
export interface ConsumptionRecorder {
  /** Records an operation of `clientName` (nothing is recorded without one). */
  record(clientName: string | undefined, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): void;
  /** The product's consumers (by URN: two majors of one name are two products), most recent first. */
  consumersOf(urn: string): ConsumerFigure[];
}

export interface ConsumptionRecorderOptions {
  /**
   * Client names kept per data product. Past it, the name seen least recently
   * is forgotten, so a caller sending a new name with every request cannot
   * grow a domain's memory; a consumer that keeps calling stays.
   * @default 1_000
   */
  maxConsumersPerProduct?: number;
  /** Longer client names are cut to this many characters. @default 100 */
  maxClientNameLength?: number;
}

const ROOT_TYPES = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

/**
 * Attributes operations to data products by their output ports: a root field
 * (`Query.plays`) to the product whose port it is; an `_entities` fetch (how
 * the gateway asks for one domain's facet of an entity) to the products whose
 * schema has the entity's type. Each product keeps its most recently seen
 * consumers, up to a bound.
 */
export function createConsumptionRecorder(descriptors: readonly DataProductDescriptor[], options: ConsumptionRecorderOptions = {}): ConsumptionRecorder {
  const { maxConsumersPerProduct = 1_000, maxClientNameLength = 100 } = options;
  const byField = new Map<string, string[]>();
  const byType = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, product: string) => map.set(key, [...new Set([...(map.get(key) ?? []), product])]);
  for (const descriptor of descriptors) {
    for (const port of descriptor.outputPorts) if (port.kind !== 'topic') add(byField, port.field, descriptor.urn);
    for (const type of descriptor.schema) add(byType, type.name, descriptor.urn);
  }
  const consumers = new Map<string, LRUCache<string, ConsumerFigure>>();

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
    record(sentName, document, operationName, variables) {
      if (!sentName) return;
      const clientName = sentName.slice(0, maxClientNameLength);
      const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
      if (!operation) return;
      const now = new Date().toISOString();
      for (const product of productsOf(operation, variables ?? {})) {
        let byClient = consumers.get(product);
        if (!byClient) consumers.set(product, (byClient = new LRUCache<string, ConsumerFigure>({ max: maxConsumersPerProduct })));
        const figure = byClient.get(clientName) ?? { clientName, lastSeenAt: now, count: 0 };
        byClient.set(clientName, { ...figure, lastSeenAt: now, count: figure.count + 1 });
      }
    },
    consumersOf(urn) {
      // The cache lists the most recently seen first, which a millisecond timestamp cannot always tell apart.
      return [...(consumers.get(urn)?.values() ?? [])];
    },
  };
}
