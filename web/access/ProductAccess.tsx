import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useSession } from '../session/session.ts';
import { decides, PRODUCT_ACCESS_QUERY, type AccessPurpose, type Agreement, type Viewer } from './accessQueries.ts';
import { AgreementTable } from './AgreementTable.tsx';
import { useNotifications } from './notificationFeed.ts';
import { ProductConsumers } from './ProductConsumers.tsx';
import { RequestAccessForm } from './RequestAccessForm.tsx';
import { RevokeForm } from './RevokeForm.tsx';
import { useReloadingQuery } from './useReloadingQuery.ts';
import './access.css';

interface ProductAccessData {
  me: Viewer | null;
  accessPurposes: AccessPurpose[];
  accessAgreements: Agreement[];
  dataProduct: { access: { complete: boolean; howToRequest: string | null; fields: { field: string; decision: string }[] } } | null;
}

/**
 * A product page's "Access" part: what the viewer reads of it and its
 * agreements on it, a form to request access while it does not read every
 * field, who uses it, and, for its owners and governance, every agreement
 * on it with revoke. Signed out, it says what reading its classified fields
 * takes.
 */
export function ProductAccess({ urn, domain }: { urn: string; domain: string }) {
  const signedIn = !!useSession();
  return (
    <div class="product-access">
      {signedIn ? (
        <ViewerAccess urn={urn} domain={domain} />
      ) : (
        <>
          <p class="signed-out">
            Anyone sees that it exists and who owns it. Reading its <em>internal</em> fields needs a sign-in; its <em>confidential</em> and <em>pii</em> fields need an access agreement too, for a purpose its owners approve.
            Sign in to request one here.
          </p>
          <Consumers urn={urn} />
        </>
      )}
    </div>
  );
}

function Consumers({ urn, children }: { urn: string; children?: ComponentChildren }) {
  return (
    <>
      <h3 id="consumers">Consumers and agreements</h3>
      <ProductConsumers urn={urn} />
      {children}
    </>
  );
}

/** Agreements that can still be ended: approved ones, and requests not decided yet. */
const revocable = (agreement: Agreement) => agreement.status === 'approved' || agreement.status === 'requested';

function ViewerAccess({ urn, domain }: { urn: string; domain: string }) {
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((count) => count + 1);
  // A notification about this product (a decision on the viewer's request, a request to its owner) means what this shows changed.
  const told = useNotifications()?.find((notification) => notification.urn === urn)?.id;
  const { data, error } = useReloadingQuery<ProductAccessData>(PRODUCT_ACCESS_QUERY, { urn }, `${told}:${changes}`);
  if (error && !data) return <p role="alert">Governance did not answer: {error.message}</p>;
  if (!data?.me) return <p role="status">Loading your access…</p>;
  const { me, accessPurposes, accessAgreements, dataProduct } = data;
  const mine = accessAgreements.filter((agreement) => agreement.consumer === me.id);
  const restricted = dataProduct?.access.fields.filter((field) => field.decision !== 'allowed') ?? [];
  const revoke = (agreement: Agreement) => (revocable(agreement) ? <RevokeForm agreement={agreement} onDone={changed} /> : null);
  return (
    <>
      <p class="reads" data-complete={dataProduct?.access.complete}>
        {restricted.length ? (
          <>
            As <strong>{me.id}</strong> you do not get {restricted.map((field, index) => <span key={field.field}>{index ? ', ' : ''}<code>{field.field}</code> ({field.decision})</span>)}.
          </>
        ) : (
          <>
            As <strong>{me.id}</strong> you read every field of it.
          </>
        )}
      </p>
      {mine.length ? <AgreementTable caption="Your agreements on it" agreements={mine} actions={revoke} /> : <p>You have no agreement on it.</p>}
      {restricted.length > 0 && (
        <>
          <h3 id="request-access">Request access</h3>
          <RequestAccessForm urn={urn} purposes={accessPurposes} onRequested={changed} />
        </>
      )}
      <Consumers urn={urn}>
        {decides(me, domain) &&
          (accessAgreements.length ? <AgreementTable caption="Every agreement on it" consumer agreements={accessAgreements} actions={revoke} /> : <p>No one has asked for access to it yet.</p>)}
      </Consumers>
    </>
  );
}
