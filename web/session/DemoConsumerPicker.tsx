import { useEffect, useState } from 'preact/hooks';
import { demoToken, listDemoConsumers, type DemoConsumer } from './demoSignIn.ts';
import { failure, signInChecked } from './signInChecked.ts';

/**
 * The demo consumers, one click each, with who each is. Nothing when the
 * gateway has demo sign-in off (a real mesh: the viewer pastes a token).
 */
export function DemoConsumerPicker({ onSignedIn }: { onSignedIn: () => void }) {
  // null while asking; undefined when demo sign-in is off.
  const [consumers, setConsumers] = useState<DemoConsumer[] | undefined | null>(null);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    listDemoConsumers().then(setConsumers, (e: unknown) => (setConsumers([]), setError(failure(e))));
  }, []);
  if (consumers === undefined) return null;
  const pick = async (id: string) => {
    if (busy) return;
    setBusy(id);
    setError(undefined);
    try {
      await signInChecked(await demoToken(id));
      onSignedIn();
    } catch (e) {
      setError(failure(e));
      setBusy(undefined);
    }
  };
  return (
    <section class="demo-consumers" aria-labelledby="demo-consumers-title" aria-busy={consumers === null || busy !== undefined}>
      <h3 id="demo-consumers-title">Sign in as a demo consumer</h3>
      {consumers === null ? (
        <p class="hint">Asking the gateway for its demo consumers…</p>
      ) : (
        <ul>
          {consumers.map((consumer) => (
            <li key={consumer.id}>
              <button type="button" class="sign-in-button" aria-describedby={`who-${consumer.id}`} onClick={() => void pick(consumer.id)}>
                <span class="visually-hidden">Sign in as </span>
                {consumer.id}
              </button>
              <span id={`who-${consumer.id}`} class="who">
                {busy === consumer.id ? 'Signing in…' : consumer.description}
              </span>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" class="sign-in-error">
          {error}
        </p>
      )}
    </section>
  );
}
