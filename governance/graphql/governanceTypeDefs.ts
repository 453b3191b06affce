/**
 * Governance's part of the composed graph, served by the gateway's built-in
 * catalog subgraph: access agreements (request, decide, list), the audit, and
 * who the caller is. Every field checks the caller itself: only a data
 * product's owner (or governance) decides its requests and reads its audit.
 */
export const GOVERNANCE_TYPE_DEFS = /* GraphQL */ `
extend type Query {
  "Who the caller is, as its token says; null for an anonymous caller."
  me: Me
  "The purposes access may be requested for (the mesh policy's), and whether each allows personal data."
  accessPurposes: [AccessPurpose!]!
  """
  Access agreements: the caller's own, or, for a data product's owner (or
  governance), every agreement on the products they own. Filters combine.
  """
  accessAgreements(urn: ID, consumer: String, status: AgreementStatus): [AccessAgreement!]!
  """
  Who read a data product's data, newest first: every access decision the
  gateway recorded. Only the product's owner and governance may read it.
  """
  accessLog(urn: ID!, from: DateTime, to: DateTime, consumer: String, first: Int = 100): [AccessRecord!]!
}

type Mutation {
  """
  Asks a data product's owner for access, for a purpose of \`accessPurposes\`.
  The owner approves or rejects it; a product whose descriptor auto-approves
  the purpose approves it at once.
  """
  requestAccess(urn: ID!, purpose: String!, justification: String!, days: Int): AccessAgreement!
  "Approves a requested agreement (the product's owner or governance), for \`days\` at most the policy's maximum."
  approveAccess(agreement: ID!, days: Int, reason: String): AccessAgreement!
  "Rejects a requested agreement (the product's owner or governance), saying why."
  rejectAccess(agreement: ID!, reason: String!): AccessAgreement!
  "Ends an approved agreement at once, on live subscriptions too (the product's owner, governance, or the consumer itself)."
  revokeAccess(agreement: ID!, reason: String!): AccessAgreement!
}

"The caller, as its credentials tell it."
type Me {
  id: ID!
  kind: String!
  team: String
  "Domains whose data products it owns."
  owns: [String!]!
  scopes: [String!]!
  regions: [String!]!
}

"A purpose of the mesh policy."
type AccessPurpose {
  name: String!
  description: String!
  "Whether an agreement for this purpose may read personal data (PII)."
  pii: Boolean!
}

enum AgreementStatus { requested approved rejected revoked expired }

"An access agreement: a consumer may read a data product's data for a purpose."
type AccessAgreement {
  id: ID!
  urn: ID!
  consumer: String!
  purpose: String!
  justification: String!
  status: AgreementStatus!
  requestedAt: DateTime!
  "How many days the consumer asked for; the owner may approve fewer."
  requestedDays: Int
  decidedAt: DateTime
  "Who decided, or \`auto\` for the product's auto-approval."
  decidedBy: String
  reason: String
  expiresAt: DateTime
}

enum AccessDecision { allowed masked denied }

enum AccessPath { query subscription entity export direct catalog }

"A field the policy masked or denied, and the rule that did."
type RestrictedField { field: String! decision: AccessDecision! rule: String! }

"One access decision: who read which fields of a data product, how, and what they got."
type AccessRecord {
  at: DateTime!
  consumer: String!
  urn: ID!
  fields: [String!]!
  restricted: [RestrictedField!]!
  decision: AccessDecision!
  path: AccessPath!
  agreement: ID
  purpose: String
  operationName: String
  operationHash: String
}
`;
