import { productPath } from '../product/productPath.ts';
import type { Agreement } from './accessQueries.ts';
import { productName, when } from './format.ts';
import { DecisionForm } from './DecisionForm.tsx';

/** A request waiting for the viewer's decision: who asks, for which product and purpose, why, and when; with the decision's form. */
export function PendingRequest({ agreement, onDone }: { agreement: Agreement; onDone(changed: Agreement): void }) {
  return (
    <article class="pending-request" data-agreement={agreement.id} aria-labelledby={`${agreement.id}-title`}>
      <h3 id={`${agreement.id}-title`}>
        {agreement.consumer} asks for <a href={productPath(agreement.urn)}>{productName(agreement.urn)}</a>
      </h3>
      <dl>
        <dt>Purpose</dt>
        <dd class="purpose">{agreement.purpose}</dd>
        <dt>Justification</dt>
        <dd class="justification">{agreement.justification}</dd>
        <dt>Asked</dt>
        <dd>
          {when(agreement.requestedAt)}
          {agreement.requestedDays ? `, for ${agreement.requestedDays} days` : ''}
        </dd>
      </dl>
      <DecisionForm agreement={agreement} onDone={onDone} />
    </article>
  );
}
