import { ErrorCode } from '../../schema/index.ts';

/** The codes a refused lifecycle move answers with: HTTP 401, 403, 404 and 400 on `POST /registry/lifecycle`. */
export type LifecycleErrorCode = typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN | typeof ErrorCode.UNKNOWN_DATA_PRODUCT | typeof ErrorCode.BAD_USER_INPUT;

/** A lifecycle move refused: `code` says why, as `extensions.code` will; the message says what is wrong and what is allowed. */
export class LifecycleError extends Error {
  override name = 'LifecycleError';
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
  ) {
    super(message);
  }
}
