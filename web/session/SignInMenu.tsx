import { useEffect, useRef, useState } from 'preact/hooks';
import { SignedIn, type SignOutNotice } from './SignedIn.tsx';
import { SignInPanel } from './SignInPanel.tsx';
import { signOut, useSession } from './session.ts';
import './signIn.css';

const PANEL = 'sign-in-panel';

/**
 * The header's sign-in. Signed out, "Sign in" opens a dialog: a picker of
 * the demo consumers (when the gateway offers demo sign-in) and a field for
 * a bearer token. Signed in, who the viewer is and "Sign out". The focus
 * follows: to "Sign out" once signed in, back to "Sign in" once signed out
 * or when the dialog closes with Escape.
 */
export function SignInMenu() {
  const session = useSession();
  const [open, setOpen] = useState(false);
  // Why the viewer was signed out without asking: the gateway refused the token kept, or it expired.
  const [notice, setNotice] = useState<SignOutNotice>();
  const toggle = useRef<HTMLButtonElement>(null);
  const signOutButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<'toggle' | 'sign-out' | undefined>(undefined);
  useEffect(() => {
    const target = focusNext.current === 'toggle' ? toggle.current : focusNext.current === 'sign-out' ? signOutButton.current : null;
    focusNext.current = undefined;
    target?.focus();
  });
  const leave = () => {
    focusNext.current = 'toggle';
    signOut();
  };
  const ended = (why: SignOutNotice) => {
    // The focus was on Sign out, which goes: it moves to Sign in, not to the page's start.
    if (document.activeElement === signOutButton.current) focusNext.current = 'toggle';
    setNotice(why);
    signOut();
  };
  if (session) return <SignedIn session={session} onSignOut={leave} onEnded={ended} signOutRef={signOutButton} />;
  return (
    <div class="sign-in">
      <button ref={toggle} type="button" class="sign-in-button" aria-expanded={open} aria-controls={PANEL} onClick={() => setOpen(!open)}>
        Sign in
      </button>
      {notice && !open && (
        <span role="alert" class="sign-in-notice">
          {notice.headline}
        </span>
      )}
      {open && (
        <SignInPanel
          id={PANEL}
          notice={notice?.detail}
          onSignedIn={() => {
            setOpen(false);
            setNotice(undefined);
            focusNext.current = 'sign-out';
          }}
          onClose={(returnFocus) => {
            setOpen(false);
            if (returnFocus) focusNext.current = 'toggle';
          }}
        />
      )}
    </div>
  );
}
