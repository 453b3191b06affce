import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { checkToken, TokenRefusedError, type Me } from './checkToken.ts';
import type { Session } from './session.ts';

/** What the gateway says of the viewer, in a few words: `person, team insights`. */
const described = (me: Me) => [me.kind, me.team && `team ${me.team}`, me.owns.length > 0 && `owns ${me.owns.join(', ')}`].filter(Boolean).join(', ');

/**
 * The header when signed in: who, as the gateway confirms it (`me`), and a
 * sign-out button. A token the gateway refuses (expired early, signed with a
 * key it no longer has) is reported through `onRefused`, not shown as a sign-in.
 */
export function SignedIn({ session, onSignOut, onRefused, signOutRef }: { session: Session; onSignOut: () => void; onRefused: (message: string) => void; signOutRef: RefObject<HTMLButtonElement | null> }) {
  const [me, setMe] = useState<Me>();
  useEffect(() => {
    let current = true;
    setMe(undefined);
    checkToken(session.token).then(
      (answer) => current && setMe(answer),
      // Only a refusal signs out: a gateway that cannot be asked says nothing about the token.
      (error: unknown) => current && error instanceof TokenRefusedError && onRefused(`${session.consumer}'s token no longer works. ${error.message}`),
    );
    return () => {
      current = false;
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
