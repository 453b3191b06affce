import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { failureReason } from '../common/index.ts';
import type { Logger } from '../logger/index.ts';
import { effectiveStatus, type LifecycleBook, type ProductLifecycle } from '../registry/lifecycle/index.ts';
import { ErrorCode, type DataProductDescriptor } from '../schema/index.ts';
import { operationCoordinates } from './operationCoordinates.ts';

/** A deprecated data product an operation reads, as the response's `extensions.deprecations` lists it, next to deprecated fields. */
export interface ProductDeprecation {
  /** The output port's field the operation selects, e.g. `Query.plays`. */
  readonly coordinate: string;
  /** The deprecated data product's URN. */
  readonly product: string;
  readonly reason: string;
  /** The day from which it may be retired, `YYYY-MM-DD`. */
  readonly sunset?: string;
  /** The data product that replaces it. */
  readonly successor?: string;
  /** The successor's query and subscription fields, to use instead. */
  readonly successorFields?: readonly string[];
}

export interface LifecycleGateOptions {
  /** The data products' lifecycles (the registry's book): moves made on any replica apply at once. @default none: each product's status is its descriptor's */
  lifecycle?: LifecycleBook;
  /** The mesh's descriptors (the gateway's catalog): which product each output port belongs to. Read at `refresh`. */
  descriptors: () => Promise<readonly DataProductDescriptor[]>;
  logger: Logger;
}

/** What the gateway serves of each data product, by its status: nothing of a retired one, a deprecated one with a warning. */
export interface LifecycleGate {
  /** The `DATA_PRODUCT_RETIRED` error for an operation that selects an output port of a retired product; undefined for any other. */
  refusal(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): GraphQLError | undefined;
  /**
   * For an operation the schema refused: the `DATA_PRODUCT_RETIRED` error when
   * a root field it selects was a retired product's port, which its domain no
   * longer serves (so the caller learns what replaces it, not only that the
   * field is unknown); undefined otherwise.
   */
  removedRefusal(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): GraphQLError | undefined;
  /** The deprecated products whose output ports the operation selects. */
  deprecations(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): readonly ProductDeprecation[];
  /** Reads the descriptors again (a new supergraph: products came, went or declare another status). Never rejects: a failed look keeps the last. */
  refresh(): Promise<void>;
  /** Calls `listener` each time a product's ports stop being served (a product retired), to end what is live on them. Returns how to stop. */
  onRetired(listener: () => void): () => void;
  /** Stops following the book. */
  close(): void;
}

/** Why an output port is no longer served, ready for its error. */
interface Retirement {
  readonly urn: string;
  readonly at?: string;
  readonly reason?: string;
  readonly successor?: string;
  readonly successorFields: readonly string[];
}

const NONE: readonly ProductDeprecation[] = [];

/** The query and subscription fields of a product's output ports. */
const portFields = (descriptor: DataProductDescriptor | undefined): string[] => descriptor?.outputPorts.flatMap((port) => (port.kind === 'topic' ? [] : [port.field])) ?? [];

/** `DATA_PRODUCT_RETIRED` for `coordinate`: the product, when and why, and what to use instead. HTTP 410 (Gone). */
function retiredError(coordinate: string, { urn, at, reason, successor, successorFields }: Retirement): GraphQLError {
  const when = at ? ` on ${at.slice(0, 10)}` : '';
  const why = reason ? ` (${JSON.stringify(reason)})` : '';
  const instead = successor
    ? ` Use its successor ${successor} instead${successorFields.length > 0 ? `: ${successorFields.join(', ')}` : ''}.`
    : ' It has no successor.';
  return new GraphQLError(`"${coordinate}" is an output port of data product ${urn}, which was retired${when}${why} and is no longer served.${instead}`, {
    extensions: {
      code: ErrorCode.DATA_PRODUCT_RETIRED,
      urn,
      ...(at ? { retiredAt: at } : {}),
      ...(reason ? { reason } : {}),
      ...(successor ? { successor, successorFields } : {}),
      http: { status: 410 },
    },
  });
}

/**
 * Decides, from the data products' effective statuses (the lifecycle book's,
 * else the descriptors'), which output port fields the gateway no longer
 * serves and which it serves with a warning. The coordinates of retired and
 * deprecated ports are kept in maps rebuilt when a status moves or the
 * descriptors change, so a request costs a look-up per field it selects. A
 * field several products serve is retired only once all of them are, and
 * warned of only while none of them is active.
 */
export function createLifecycleGate({ lifecycle, descriptors, logger }: LifecycleGateOptions): LifecycleGate {
  let known: readonly DataProductDescriptor[] = [];
  let retired = new Map<string, Retirement>();
  let deprecated = new Map<string, ProductDeprecation[]>();
  const listeners = new Set<() => void>();

  const rebuild = () => {
    // A retired product its domain no longer serves is still known by the descriptor its lifecycle kept.
    const products = new Map(known.map((d) => [d.urn, d]));
    for (const { urn, descriptor } of lifecycle?.list() ?? []) if (descriptor && !products.has(urn)) products.set(urn, descriptor);
    const owners = new Map<string, DataProductDescriptor[]>();
    for (const product of products.values()) for (const field of portFields(product)) owners.set(field, [...(owners.get(field) ?? []), product]);
    const nextRetired = new Map<string, Retirement>();
    const nextDeprecated = new Map<string, ProductDeprecation[]>();
    for (const [coordinate, serving] of owners) {
      const statuses = serving.map((product) => effectiveStatus(product, lifecycle));
      if (statuses.every((status) => status === 'retired')) nextRetired.set(coordinate, retirementOf(serving[0]!, lifecycle?.get(serving[0]!.urn), products));
      else if (statuses.every((status) => status === 'retired' || status === 'deprecated')) {
        nextDeprecated.set(coordinate, serving.flatMap((product, i) => (statuses[i] === 'deprecated' ? [deprecationOf(coordinate, product, lifecycle?.get(product.urn), products)] : [])));
      }
    }
    const newlyRetired = [...nextRetired.keys()].some((coordinate) => !retired.has(coordinate));
    retired = nextRetired;
    deprecated = nextDeprecated;
    if (newlyRetired) for (const listener of listeners) listener();
  };

  const refresh = async () => {
    try {
      known = await descriptors();
      rebuild();
    } catch (error) {
      logger.warn('cannot read the data products; the lifecycle of their ports stays as it was', { reason: failureReason(error) });
    }
  };

  const stopFollowing = lifecycle?.onChange(({ urn }) => {
    rebuild();
    // A product the descriptors read so far do not have (published since): read them again.
    if (!known.some((d) => d.urn === urn)) void refresh();
  });

  return {
    refusal(schema, document, operationName) {
      if (retired.size === 0) return undefined;
      for (const coordinate of operationCoordinates(schema, document, operationName).coordinates) {
        const retirement = retired.get(coordinate);
        if (retirement) return retiredError(coordinate, retirement);
      }
      return undefined;
    },
    removedRefusal(schema, document, operationName) {
      if (retired.size === 0) return undefined;
      for (const coordinate of rootCoordinates(schema, document, operationName)) {
        const retirement = retired.get(coordinate);
        if (retirement) return retiredError(coordinate, retirement);
      }
      return undefined;
    },
    deprecations(schema, document, operationName) {
      if (deprecated.size === 0) return NONE;
      return operationCoordinates(schema, document, operationName).coordinates.flatMap((coordinate) => deprecated.get(coordinate) ?? NONE);
    },
    refresh,
    onRetired(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => stopFollowing?.(),
  };
}

/** `Type.field` of each field an operation selects at its root, by name alone: the schema may no longer have them. */
function rootCoordinates(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): string[] {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return [];
  return operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [`${root.name}.${selection.name.value}`] : []));
}

/** The successor's URN and port fields, as the last move (or none) names it. */
function successorOf(lifecycle: ProductLifecycle | undefined, products: ReadonlyMap<string, DataProductDescriptor>) {
  const successor = lifecycle?.successor;
  return successor ? { successor, successorFields: portFields(products.get(successor)) } : { successorFields: [] };
}

function retirementOf(product: DataProductDescriptor, lifecycle: ProductLifecycle | undefined, products: ReadonlyMap<string, DataProductDescriptor>): Retirement {
  const at = lifecycle?.history.findLast((change) => change.to === 'retired')?.at;
  return { urn: product.urn, ...(at ? { at } : {}), ...(lifecycle?.reason ? { reason: lifecycle.reason } : {}), ...successorOf(lifecycle, products) };
}

function deprecationOf(coordinate: string, product: DataProductDescriptor, lifecycle: ProductLifecycle | undefined, products: ReadonlyMap<string, DataProductDescriptor>): ProductDeprecation {
  const { successor, successorFields } = successorOf(lifecycle, products);
  return {
    coordinate,
    product: product.urn,
    reason: lifecycle?.reason ?? `Data product ${product.urn} is deprecated.`,
    ...(lifecycle?.sunset ? { sunset: lifecycle.sunset } : {}),
    ...(successor ? { successor, successorFields } : {}),
  };
}
