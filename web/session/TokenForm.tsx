import { useState } from 'preact/hooks';
import { failure, signInChecked } from './signInChecked.ts';

/** Signs in with a pasted bearer token, once its format and the gateway accept it; says why not otherwise. */
export function TokenForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await signInChecked(text);
      onSignedIn();
    } catch (e) {
      setError(failure(e));
      setBusy(false);
    }
  };
  return (
    <form class="token-form" onSubmit={(event) => void submit(event)}>
      <h3>
        <label for="sign-in-token">Paste a bearer token</label>
      </h3>
      <p id="sign-in-token-hint" class="hint">
        A token of this mesh, with or without “Bearer ”. In development, <code>npx meshgraph token analyst</code> prints one.
      </p>
      <input
        id="sign-in-token"
        type="text"
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={error !== undefined}
        aria-describedby={error ? 'sign-in-token-hint sign-in-token-error' : 'sign-in-token-hint'}
      />
      {error && (
        <p id="sign-in-token-error" role="alert" class="sign-in-error">
          {error}
        </p>
      )}
      <button type="submit" class="sign-in-button" disabled={busy}>
        Sign in with this token
      </button>
    </form>
  );
}
