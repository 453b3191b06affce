import { useState } from 'preact/hooks';
import { useSession } from '../session/session.ts';
import { ACCESS_PAGE_QUERY, decides, domainOf, type Agreement, type Viewer } from './accessQueries.ts';
import { AgreementTable } from './AgreementTable.tsx';
import { useNotifications } from './notificationFeed.ts';
import { PendingRequest } from './PendingRequest.tsx';
import { RevokeForm } from './RevokeForm.tsx';
import { useReloadingQuery } from './useReloadingQuery.ts';
import './access.css';

/**
 * `/access`: for the owners of data products (and governance), the requests
 * waiting for their decision, then those decided; for everyone signed in,
 * their own requests and agreements. A notification re-reads it, so a
 * request made elsewhere shows without a reload.
 */
export function AccessPage() {
  const signedIn = !!useSession();
  return (
    <section class="access-page" aria-labelledby="access-title">
      <h1 id="access-title">Access</h1>
      {signedIn ? <ViewerAgreements /> : <p>Sign in to see your access requests and agreements, and, if you own data products, the requests waiting for your decision.</p>}
    </section>
  );
}

const newestDecisionFirst = (a: Agreement, b: Agreement) => (b.decidedAt ?? b.requestedAt).localeCompare(a.decidedAt ?? a.requestedAt);

function ViewerAgreements() {
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((count) => count + 1);
  const told = useNotifications()?.[0]?.id;
  const { data, error } = useReloadingQuery<{ me: Viewer | null; accessAgreements: Agreement[] }>(ACCESS_PAGE_QUERY, {}, `${told}:${changes}`);
  if (error && !data) return <p role="alert">Governance did not answer: {error.message}</p>;
  if (!data?.me) return <p role="status">Loading your agreements…</p>;
  const { me, accessAgreements } = data;
  const owner = me.owns.length > 0 || me.scopes.includes('governance');
  const theirs = accessAgreements.filter((agreement) => decides(me, domainOf(agreement.urn)));
  const pending = theirs.filter((agreement) => agreement.status === 'requested');
  const decided = theirs.filter((agreement) => agreement.status !== 'requested').sort(newestDecisionFirst);
  const mine = accessAgreements.filter((agreement) => agreement.consumer === me.id);
  const revoke = (agreement: Agreement) => (agreement.status === 'approved' || agreement.status === 'requested' ? <RevokeForm agreement={agreement} onDone={changed} /> : null);
  return (
    <>
      {owner && (
        <>
          <h2>Waiting for your decision</h2>
          {pending.length ? (
            <ul class="pending">
              {pending.map((agreement) => (
                <li key={agreement.id}>
                  <PendingRequest agreement={agreement} onDone={changed} />
                </li>
              ))}
            </ul>
          ) : (
            <p class="none-pending">No request waits for you.</p>
          )}
          <h2>Decided</h2>
          {decided.length ? <AgreementTable caption="Decisions on the products you own" consumer product agreements={decided} actions={revoke} /> : <p>Nothing decided yet.</p>}
        </>
      )}
      <h2>Your requests and agreements</h2>
      {mine.length ? (
        <AgreementTable caption={`What ${me.id} asked for`} product agreements={mine} actions={revoke} />
      ) : (
        <p>You have asked for no access yet: request it on a data product’s page, under Access.</p>
      )}
    </>
  );
}
