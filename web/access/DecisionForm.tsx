import { useState } from 'preact/hooks';
import { APPROVE_ACCESS, REJECT_ACCESS, type Agreement } from './accessQueries.ts';
import { fieldOfError } from './fieldOfError.ts';
import { FormError } from './FormError.tsx';
import { useMutation } from './useMutation.ts';

/**
 * An owner's decision on a request: approve it (for the days asked, or
 * fewer; a reason if they like) or reject it (a reason is required: the
 * consumer reads it). The gateway checks that the viewer may decide.
 */
export function DecisionForm({ agreement, onDone }: { agreement: Agreement; onDone(changed: Agreement): void }) {
  const [days, setDays] = useState(agreement.requestedDays ? String(agreement.requestedDays) : '');
  const [reason, setReason] = useState('');
  const approve = useMutation<{ approveAccess: Agreement }>(APPROVE_ACCESS);
  const reject = useMutation<{ rejectAccess: Agreement }>(REJECT_ACCESS);
  const id = `decide-${agreement.id}`;
  const error = approve.error ?? reject.error;
  const aboutReason = fieldOfError(error) === 'reason';
  const approveIt = async (event: Event) => {
    event.preventDefault();
    const done = await approve.run({ agreement: agreement.id, days: days.trim() === '' ? null : Number(days), reason: reason.trim() || null });
    if (done) onDone(done.approveAccess);
  };
  const rejectIt = async () => {
    const done = await reject.run({ agreement: agreement.id, reason });
    if (done) onDone(done.rejectAccess);
  };
  return (
    <form class="decision" onSubmit={approveIt} noValidate aria-label={`Decide ${agreement.consumer}’s request`}>
      <div class="field">
        <label for={`${id}-days`}>Days</label>
        <input id={`${id}-days`} type="number" min={1} inputMode="numeric" value={days} placeholder="policy maximum" onInput={(e) => setDays(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${id}-reason`}>Reason (required to reject)</label>
        <input id={`${id}-reason`} value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-invalid={aboutReason} aria-describedby={aboutReason ? `${id}-error` : undefined} />
      </div>
      <FormError id={`${id}-error`} message={error} />
      <div class="buttons">
        <button type="submit" disabled={approve.busy || reject.busy}>
          Approve
        </button>
        <button type="button" class="reject" disabled={approve.busy || reject.busy} onClick={rejectIt}>
          Reject
        </button>
      </div>
    </form>
  );
}
