import { ErrorCode } from '../../schema/index.ts';

/** The codes an agreement command answers a caller's mistake with. */
export type AgreementErrorCode =
  | typeof ErrorCode.BAD_USER_INPUT
  | typeof ErrorCode.FORBIDDEN
  | typeof ErrorCode.UNKNOWN_DATA_PRODUCT
  | typeof ErrorCode.DATA_PRODUCT_RETIRED
  | typeof ErrorCode.UNAUTHENTICATED;

/** A command of the agreement book refused: `code` says why, as `extensions.code` will; the message says what to do. */
export class AgreementError extends Error {
  override name = 'AgreementError';
  constructor(
    readonly code: AgreementErrorCode,
    message: string,
  ) {
    super(message);
  }
}
