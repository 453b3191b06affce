/**
 * Credentials that do not name a consumer: expired, not yet valid, signed by
 * an unknown or wrong key, for another issuer or audience, unsigned, garbled,
 * an unknown API key, or claims that do not describe a consumer. Its message
 * is what a caller may be told (what to send); `reason` says what was wrong,
 * for the log only: telling it helps whoever forges tokens.
 */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';

  constructor(
    /** What was wrong, for the log: `"exp" claim timestamp check failed`, `unknown API key`. */
    readonly reason: string,
  ) {
    super(AUTHENTICATION_HELP);
  }
}

/** What a caller with bad credentials is told: what to send, never why theirs failed. */
export const AUTHENTICATION_HELP =
  'The credentials are not valid. Send "Authorization: Bearer <token>" with a current token of this mesh (npx meshgraph token <consumer> prints one for the demo, run with the gateway\'s MESHGRAPH_DATA_DIR, whose key signs it), "Authorization: ApiKey <key>", or no credentials for public data.';
