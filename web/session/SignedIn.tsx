import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { checkToken, TokenRefusedError, type Me } from './checkToken.ts';
import type { Session } from './session.ts';

/** What the gateway says of the viewer, in a few words: `person, team insights`. */
const described = (me: Me) => [me.kind, me.team && `team ${me.team}`, me.owns.length > 0 && `owns ${me.owns.join(', ')}`].filter(Boolean).join(', ');

/** Why the viewer was signed out without asking: a line for the header, and the whole story for the sign-in dialog. */
export interface SignOutNotice {
  headline: string;
  detail: string;
}

/** The longest a browser timer waits (2^31 - 1 ms, about 24 days); a token living longer is looked at again then. */
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * The header when signed in: who, as the gateway confirms it (`me`), and a
 * sign-out button. A token the gateway refuses (signed with a key it no
 * longer has, say), or one that expires while the page is open, ends the
 * session through `onEnded`: it is never shown as a sign-in.
 */
export function SignedIn({ session, onSignOut, onEnded, signOutRef }: { session: Session; onSignOut: () => void; onEnded: (notice: SignOutNotice) => void; signOutRef: RefObject<HTMLButtonElement | null> }) {
  const [me, setMe] = useState<Me>();
  useEffect(() => {
    let current = true;
    setMe(undefined);
    checkToken(session.token).then(
      (answer) => current && setMe(answer),
      // Only a refusal signs out: a gateway that cannot be asked says nothing about the token.
      (error: unknown) => current && error instanceof TokenRefusedError && onEnded({ headline: 'Your token was refused: sign in again.', detail: `${session.consumer}'s token no longer works. ${error.message}` }),
    );
    const expiry = setTimeout(
      () => onEnded({ headline: 'Your token expired: sign in again.', detail: `${session.consumer}'s token expired at ${new Date(session.expiresAt).toLocaleTimeString()}.` }),
      Math.min(session.expiresAt - Date.now(), LONGEST_TIMER_MS),
    );
    return () => {
      current = false;
      clearTimeout(expiry);
    };
  }, [session.token]);
  return (
    <div class="signed-in">
      <span role="status">
        Signed in as <strong>{session.consumer}</strong>
        {me && <span class="me"> ({described(me)})</span>}
      </span>
      <button ref={signOutRef} type="button" class="sign-in-button" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
