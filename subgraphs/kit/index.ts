// What a domain team imports to publish a subgraph (the README's "Add a domain" lists it).
// Everything else in this folder is the kit's own; tests reach it by file path.

// Declaring a domain and running its subgraph
export { createSubgraphServer, DOMAIN_OPERATION_LIMITS } from './createSubgraphServer.ts';
export type { SubgraphServer, SubgraphServerOptions } from './createSubgraphServer.ts';
export type { DomainDefinition, DomainResolvers, DomainRuntime, DomainSchema, SubgraphContext } from './Domain.ts';
export type { DomainContext, DomainModule } from './DomainModule.ts';
export type { EntityBatchLoader, EntityKey, EntityLoaders } from './entityLoaders.ts';
export { readSchemaFile } from './readSchemaFile.ts';
export { DomainSchemaError } from './buildDomainSchema.ts';
export { DescriptorError } from './DescriptorError.ts';
export { PolysemeError } from './PolysemeError.ts';

// Data products and their descriptors (the descriptor types are the mesh's contracts, in schema/)
export type { DataProductDefinition } from './dataProduct.ts';
export type {
  Classification,
  Contact,
  DataProductFigures,
  DataProductKind,
  DataProductStatus,
  InputFigure,
  InputPort,
  OutputPort,
  QualityFigures,
  QualityRule,
  ServiceLevelObjectives,
} from '../../schema/index.ts';

// Lists served as Relay connections
export { createOrderedList, createGroupedLists, pageOf, removeFrom } from './orderedList.ts';
export type { OrderArgs, ListArgs, OrderedList, GroupedLists } from './orderedList.ts';

// Events: the event log, writing facts, materializing topics, subscription fields
export { openEventLog, HEADERS } from '../../eventlog/index.ts';
export type { EventLog, LogRecord } from '../../eventlog/index.ts';
export { EventRejected } from '../../schema/events/index.ts';
export { toEventRecord } from './toEventRecord.ts';
export type { Fact } from './toEventRecord.ts';
export { materializeOwnTopic } from './materializeOwnTopic.ts';
export type { MaterializeOptions, MaterializedTopic, OwnTopicFeed } from './materializeOwnTopic.ts';
export { createTopicConsumer } from './createTopicConsumer.ts';
export type { TopicConsumer, TopicConsumerOptions, ConsumerFigures } from './createTopicConsumer.ts';
export { inputFigures } from './inputFigures.ts';

// Data quality at the input ports: rules of the upstream contracts, checked on every record
export { createQualityGate, followReferences, uniqueValues } from './quality/index.ts';
export type { FollowReferencesOptions, HeldRecord, QualityGate, QualityGateOptions, References, RuleCheck, Screened, UniqueValuesCheck } from './quality/index.ts';
export { createCheckpointStore } from './checkpointStore.ts';
export type { Checkpoint, CheckpointFigures, CheckpointStore, CheckpointStoreOptions } from './checkpointStore.ts';
// Encryption at rest of classified fields
export { createFieldCipher, EncryptedFieldError, ENCRYPTED_FIELDS_HEADER } from './createFieldCipher.ts';
export type { FieldCipher, FieldCipherOptions } from './createFieldCipher.ts';
export { encryptClassifiedFields, classifiedTopicFields } from './encryptClassifiedFields.ts';
export type { FieldEncryptionOptions } from './encryptClassifiedFields.ts';
export { applyDeclaredRetention } from './applyDeclaredRetention.ts';
export { createRecordExpiry } from './createRecordExpiry.ts';
export type { RecordExpiry, RecordExpiryOptions } from './createRecordExpiry.ts';
export { topicSubscriptionField } from './subscribeToTopic.ts';
export type { TopicSubscriptionFieldOptions } from './subscribeToTopic.ts';
