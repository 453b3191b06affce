export { AGREEMENTS_TOPIC } from './agreementsTopic.ts';
export { AGREEMENT_EVENT_TYPES, AGREEMENT_EVENT_VERSIONS, agreementRecord, parseAgreementEvent } from './agreementEvent.ts';
export type { AgreementEvent, AgreementEventType } from './agreementEvent.ts';
export { AgreementError } from './AgreementError.ts';
export type { AgreementErrorCode } from './AgreementError.ts';
export { agreementStatusAt } from './agreementStatusAt.ts';
export { createAgreementBook } from './createAgreementBook.ts';
export type { AccessRequest, AgreementBookOptions, AgreementProduct, LoggedAgreementBook } from './createAgreementBook.ts';
export { catalogProducts } from './catalogProducts.ts';
