import { useState } from 'preact/hooks';
import { REVOKE_ACCESS, type Agreement } from './accessQueries.ts';
import { FormError } from './FormError.tsx';
import { useMutation } from './useMutation.ts';

/** Ends an agreement at once (its product's owners, governance, or the consumer itself), saying why: the consumer is told. */
export function RevokeForm({ agreement, onDone }: { agreement: Agreement; onDone(changed: Agreement): void }) {
  const [reason, setReason] = useState('');
  const revoke = useMutation<{ revokeAccess: Agreement }>(REVOKE_ACCESS);
  const submit = async (event: Event) => {
    event.preventDefault();
    const done = await revoke.run({ agreement: agreement.id, reason });
    if (done) onDone(done.revokeAccess);
  };
  const id = `revoke-${agreement.id}`;
  return (
    <details class="revoke">
      <summary>Revoke…</summary>
      <form onSubmit={submit} noValidate>
        <label for={`${id}-reason`}>Reason (the consumer reads it)</label>
        <input id={`${id}-reason`} value={reason} onInput={(e) => setReason(e.currentTarget.value)} required aria-invalid={!!revoke.error} aria-describedby={revoke.error ? `${id}-error` : undefined} />
        <FormError id={`${id}-error`} message={revoke.error} />
        <button type="submit" disabled={revoke.busy}>
          Revoke {agreement.consumer}’s access
        </button>
      </form>
    </details>
  );
}
