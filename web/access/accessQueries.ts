/** An access agreement as governance's API answers it. */
export interface Agreement {
  id: string;
  urn: string;
  consumer: string;
  purpose: string;
  justification: string;
  status: AgreementStatus;
  requestedAt: string;
  requestedDays: number | null;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  expiresAt: string | null;
}

export type AgreementStatus = 'requested' | 'approved' | 'rejected' | 'revoked' | 'expired';

/** A purpose of the mesh policy, and whether it allows personal data. */
export interface AccessPurpose {
  name: string;
  description: string;
  pii: boolean;
}

/** The viewer as its token says: what it owns decides what it may decide. */
export interface Viewer {
  id: string;
  owns: string[];
  scopes: string[];
}

/** One consumer the catalog saw read a product. */
export interface ProductConsumer {
  clientName: string;
  lastSeenAt: string;
  count: number;
}

const AGREEMENT_FIELDS = 'id urn consumer purpose justification status requestedAt requestedDays decidedAt decidedBy reason expiresAt';

/** The product page's "Access" section, for a signed-in viewer: what it reads, its agreements, the purposes it may ask for, and every agreement on it the viewer may see (all of them for its owners). */
export const PRODUCT_ACCESS_QUERY = /* GraphQL */ `
  query ProductAccess($urn: ID!) {
    me { id owns scopes }
    accessPurposes { name description pii }
    accessAgreements(urn: $urn) { ${AGREEMENT_FIELDS} }
    dataProduct(urn: $urn) {
      access { complete howToRequest fields { field decision } }
    }
  }
`;

/** Who the catalog saw read the product lately (shown to anyone it shows them to). */
export const PRODUCT_CONSUMERS_QUERY = /* GraphQL */ `
  query ProductConsumers($urn: ID!) {
    dataProduct(urn: $urn) { figures { consumers { clientName lastSeenAt count } } }
  }
`;

/** The `/access` page: every agreement the viewer may see (its own, and those on the products it owns). */
export const ACCESS_PAGE_QUERY = /* GraphQL */ `
  query AccessPage {
    me { id owns scopes }
    accessAgreements { ${AGREEMENT_FIELDS} }
  }
`;

export const REQUEST_ACCESS = /* GraphQL */ `
  mutation RequestAccess($urn: ID!, $purpose: String!, $justification: String!, $days: Int) {
    requestAccess(urn: $urn, purpose: $purpose, justification: $justification, days: $days) { ${AGREEMENT_FIELDS} }
  }
`;

export const APPROVE_ACCESS = /* GraphQL */ `
  mutation ApproveAccess($agreement: ID!, $days: Int, $reason: String) {
    approveAccess(agreement: $agreement, days: $days, reason: $reason) { ${AGREEMENT_FIELDS} }
  }
`;

export const REJECT_ACCESS = /* GraphQL */ `
  mutation RejectAccess($agreement: ID!, $reason: String!) {
    rejectAccess(agreement: $agreement, reason: $reason) { ${AGREEMENT_FIELDS} }
  }
`;

export const REVOKE_ACCESS = /* GraphQL */ `
  mutation RevokeAccess($agreement: ID!, $reason: String!) {
    revokeAccess(agreement: $agreement, reason: $reason) { ${AGREEMENT_FIELDS} }
  }
`;

/** Whether the viewer decides the requests on `domain`'s products: its owners, and governance (as the gateway's `governs`). */
export const decides = (viewer: Viewer | null | undefined, domain: string) => !!viewer && (viewer.owns.includes(domain) || viewer.scopes.includes('governance'));

/** The domain part of a data product URN (`urn:meshgraph:<domain>:<product>:v<major>`). */
export const domainOf = (urn: string) => urn.split(':')[2] ?? '';
