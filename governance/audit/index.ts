export { AUDIT_RETENTION_MS, AUDIT_TOPIC } from './auditTopic.ts';
export { ACCESS_PATHS, AUDIT_EVENT_VERSIONS, AUDIT_REPLICA_HEADER, auditRecord, parseAuditEvent } from './auditEvent.ts';
export { createAuditTrail } from './createAuditTrail.ts';
export type { AuditTrailOptions, AuditTrailStats, LoggedAuditTrail } from './createAuditTrail.ts';
export { createAccessLog } from './createAccessLog.ts';
export type { AccessLogOptions, LoggedAccessLog } from './createAccessLog.ts';
