export { exportDescriptor, parseExportFormat, ExportFormatError, EXPORT_FORMATS, EXPORT_CONTENT_TYPES } from './exportDescriptor.ts';
export type { ExportFormat, ExportOptions, ExportedDocument } from './exportDescriptor.ts';
export { toOdps, dataContractId, DEFAULT_GRAPHQL_URL } from './toOdps.ts';
export type { OdpsDocument, OdpsOptions, CustomProperty } from './toOdps.ts';
export { toOdcs } from './toOdcs.ts';
export type { OdcsDocument, OdcsOptions, OdcsLogicalType, OdcsProperty, OdcsQuality, OdcsSchemaObject, OdcsServer, OdcsSlaProperty } from './toOdcs.ts';
