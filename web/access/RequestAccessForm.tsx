import { useState } from 'preact/hooks';
import { REQUEST_ACCESS, type AccessPurpose, type Agreement } from './accessQueries.ts';
import { until } from './agreementText.ts';
import { fieldOfError, type AccessField } from './fieldOfError.ts';
import { FormError } from './FormError.tsx';
import { useMutation } from './useMutation.ts';

/** Options of `RequestAccessForm`. */
export interface RequestAccessFormProps {
  urn: string;
  /** The mesh policy's purposes (`accessPurposes`). */
  purposes: readonly AccessPurpose[];
  /** Told of the agreement the request made: requested, or approved at once. */
  onRequested(agreement: Agreement): void;
}

/**
 * Asks a data product's owners for access: a purpose of the mesh policy
 * (saying which allow personal data), a justification for them to read, and
 * for how many days. The gateway judges it: its refusal shows next to the
 * input it is about; the browser does not second-guess it (`noValidate`).
 */
export function RequestAccessForm({ urn, purposes, onRequested }: RequestAccessFormProps) {
  const [purpose, setPurpose] = useState(purposes[0]?.name ?? '');
  const [justification, setJustification] = useState('');
  const [days, setDays] = useState('');
  const [made, setMade] = useState<Agreement | undefined>(undefined);
  const ask = useMutation<{ requestAccess: Agreement }>(REQUEST_ACCESS);
  const wrong = fieldOfError(ask.error);
  const submit = async (event: Event) => {
    event.preventDefault();
    setMade(undefined);
    const done = await ask.run({ urn, purpose, justification, days: days.trim() === '' ? null : Number(days) });
    if (!done) return;
    setMade(done.requestAccess);
    setJustification('');
    onRequested(done.requestAccess);
  };
  /** An input's error, when the gateway's refusal is about it. */
  const errorOf = (field: AccessField) => ({ 'aria-invalid': wrong === field, 'aria-describedby': wrong === field ? `request-${field}-error` : undefined });
  const chosen = purposes.find((p) => p.name === purpose);
  return (
    <form class="request-access" onSubmit={submit} noValidate>
      <div class="field">
        <label for="request-purpose">Purpose</label>
        <select id="request-purpose" value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} {...errorOf('purpose')}>
          {purposes.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
              {p.pii ? ' (allows personal data)' : ''}
            </option>
          ))}
        </select>
        {chosen && <p class="hint">{chosen.description}</p>}
        {wrong === 'purpose' && <FormError id="request-purpose-error" message={ask.error} />}
      </div>
      <div class="field">
        <label for="request-justification">Justification</label>
        <textarea id="request-justification" rows={2} required value={justification} onInput={(e) => setJustification(e.currentTarget.value)} {...errorOf('justification')} />
        <p class="hint">Tell the owners, in a sentence, what you will do with the data.</p>
        {wrong === 'justification' && <FormError id="request-justification-error" message={ask.error} />}
      </div>
      <div class="field">
        <label for="request-days">Days (optional)</label>
        <input id="request-days" type="number" min={1} inputMode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} {...errorOf('days')} />
        {wrong === 'days' && <FormError id="request-days-error" message={ask.error} />}
      </div>
      {ask.error && !wrong && <FormError id="request-error" message={ask.error} />}
      <button type="submit" disabled={ask.busy}>
        Request access
      </button>
      <p role="status" class="request-made">
        {made && (made.status === 'approved' ? `Approved at once, until ${until(made)}.` : 'Requested: the owners are told and decide. You will get a notification.')}
      </p>
    </form>
  );
}
