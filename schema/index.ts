export { POLYSEMES, POLYSEMES_FILE, loadPolysemes, normalizeKeyFields } from './polysemes.ts';
export type { Polyseme } from './polysemes.ts';
export { URN_PREFIX, entityUrn, dataProductUrn, parseUrn } from './urn.ts';
export type { ParsedUrn } from './urn.ts';
export { DateTimeScalar } from './DateTime.ts';
export { sharedTypeDefs, sharedResolvers } from './sharedTypeDefs.ts';
export { DEVICES } from './devices.ts';
export type { Device } from './devices.ts';
export { ErrorCode } from './ErrorCode.ts';
export type { SubgraphEndpoint } from './SubgraphEndpoint.ts';
export { didYouMean } from './didYouMean.ts';
export { parseDuration, durationSeconds } from './parseDuration.ts';
export type { DurationPart, DurationUnit } from './parseDuration.ts';
export { encodeCursor, decodeCursor } from './cursor.ts';
export { deprecationSunset, isPastSunset } from './deprecationSunset.ts';
export { CLASSIFICATIONS, DATA_PRODUCT_KINDS, DATA_PRODUCT_STATUSES } from './descriptor/index.ts';
export type {
  Classification,
  Contact,
  ConsumerFigure,
  DataProductDescriptor,
  DataProductFigures,
  DataProductKind,
  DataProductStatus,
  DescribedField,
  DescribedType,
  DiscoveredDataProduct,
  FigurePoint,
  InputFigure,
  InputPort,
  OutputPort,
  QualityAction,
  QualityCheck,
  QualityDimension,
  QualityFigures,
  QualityMetric,
  QualityRule,
  ServiceLevelObjectives,
} from './descriptor/index.ts';
