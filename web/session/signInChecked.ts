import { checkToken } from './checkToken.ts';
import { sessionOf, signIn, type Session } from './session.ts';

/**
 * Signs in with a token only once the gateway took it: its format first
 * (`TokenFormatError`), then `{ me }` with it (`TokenRefusedError` with the
 * gateway's words), so a refused token never becomes the page's session.
 */
export async function signInChecked(text: string): Promise<Session> {
  const { token } = sessionOf(text);
  await checkToken(token);
  return signIn(token);
}

/** What to tell the viewer of a failed sign-in. */
export const failure = (error: unknown) => (error instanceof Error ? error.message : String(error));
