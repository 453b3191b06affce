export { createSubgraphServer } from './createSubgraphServer.ts';
export type { SubgraphServer, SubgraphServerOptions, DiscoveredDataProduct } from './createSubgraphServer.ts';
export { buildDomainSchema, DomainSchemaError } from './buildDomainSchema.ts';
export { validateDataProducts } from './validateDataProducts.ts';
export { DescriptorError } from './DescriptorError.ts';
export { PolysemeError } from './PolysemeError.ts';
export { readSchemaFile } from './readSchemaFile.ts';
export { paginate, sortForPaging, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from './connection.ts';
export type { Connection, Ordering, PageArgs, KeyPart } from './connection.ts';
export { createEntityLoaders } from './entityLoaders.ts';
export type { EntityBatchLoader, EntityKey, EntityLoaders } from './entityLoaders.ts';
export { FEDERATION_URL, FEDERATION_DIRECTIVES } from './federationLink.ts';
export { CLASSIFICATIONS, DATA_PRODUCT_KINDS, DATA_PRODUCT_STATUSES } from './dataProduct.ts';
export type {
  Classification,
  Contact,
  DataProductDefinition,
  DataProductDescriptor,
  DataProductFigures,
  ConsumerFigure,
  InputFigure,
  DataProductKind,
  DataProductStatus,
  DescribedField,
  DescribedType,
  InputPort,
  OutputPort,
  ServiceLevelObjectives,
} from './dataProduct.ts';
export type { DomainDefinition, DomainResolvers, DomainRuntime, DomainSchema, SubgraphContext } from './Domain.ts';
export { createOrderedList, createGroupedLists, pageOf } from './orderedList.ts';
export type { OrderArgs, ListArgs, OrderedList, GroupedLists } from './orderedList.ts';
export { createStreamConsumer, DEAD_LETTER_HEADERS } from './createStreamConsumer.ts';
export type { StreamConsumer, StreamConsumerOptions, ConsumerFigures } from './createStreamConsumer.ts';
export { createCheckpointStore } from './checkpointStore.ts';
export type { Checkpoint, CheckpointStore } from './checkpointStore.ts';
export { toEventRecord } from './toEventRecord.ts';
export type { Fact } from './toEventRecord.ts';
export { appendAll } from './appendAll.ts';
export { subscribeToStream, streamsOf, streamField, streamCursor } from './subscribeToStream.ts';
export type { StreamSubscriptionOptions, StreamFieldOptions } from './subscribeToStream.ts';
export { materializeOwnTopic } from './materializeOwnTopic.ts';
export type { MaterializeOptions } from './materializeOwnTopic.ts';
export { didYouMean } from './didYouMean.ts';
