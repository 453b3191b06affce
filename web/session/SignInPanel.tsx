import { useEffect, useRef } from 'preact/hooks';
import { DemoConsumerPicker } from './DemoConsumerPicker.tsx';
import { TokenForm } from './TokenForm.tsx';

/**
 * The sign-in dialog under the header's button: the demo consumers when the
 * gateway offers them, and always a field for a token. It takes the focus
 * when it opens; Escape closes it (the focus goes back to the button), as
 * does a click outside it.
 */
export function SignInPanel({ id, notice, onSignedIn, onClose }: { id: string; notice: string | undefined; onSignedIn: () => void; onClose: (returnFocus: boolean) => void }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose(true);
    // The menu holds the button too: a click on it toggles, it does not close and reopen.
    const onPointer = (event: PointerEvent) => !panel.current?.parentElement?.contains(event.target as Node) && onClose(false);
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, []);
  return (
    <div id={id} ref={panel} class="sign-in-panel" role="dialog" aria-labelledby={`${id}-title`} tabIndex={-1}>
      <h2 id={`${id}-title`}>Sign in</h2>
      {notice && <p class="sign-in-error">{notice}</p>}
      <DemoConsumerPicker onSignedIn={onSignedIn} />
      <TokenForm onSignedIn={onSignedIn} />
    </div>
  );
}
