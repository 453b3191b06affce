/**
 * The mesh's notifications, served by the gateway's built-in catalog
 * subgraph: what a consumer should learn of, as it happens. Access agreements
 * tell theirs today; other kinds join the same field and type.
 */
export const NOTIFICATION_TYPE_DEFS = /* GraphQL */ `
type Subscription {
  """
  What concerns the caller, as it happens: a data product's owners hear of
  the access requested to it; a consumer, of the decisions on its requests
  and the end of its agreements; governance, of everything. With \`since\`,
  what happened from then on comes first (each access agreement as it stands
  now: its latest change, not each step before it), so a client that
  reconnects with the \`at\` of the last notification it got misses nothing;
  it may get that one again, with the same \`id\`. Anonymous callers are
  refused.
  """
  notifications(since: DateTime): Notification!
}

"What a notification tells."
enum NotificationKind {
  "A consumer asked for access to a data product the caller owns."
  ACCESS_REQUESTED
  "The caller's access request was approved (by the owner, governance, or the product itself)."
  ACCESS_APPROVED
  "The caller's access request was rejected."
  ACCESS_REJECTED
  "The caller's access agreement was revoked: it ended at once."
  ACCESS_REVOKED
  "The caller's access agreement ran out."
  ACCESS_EXPIRED
}

"Something the caller should learn of."
type Notification {
  "Stable: the same notification, replayed or told live, has the same id."
  id: ID!
  kind: NotificationKind!
  "The data product it is about."
  urn: ID!
  "When it happened."
  at: DateTime!
  "What happened, in a sentence for a person."
  message: String!
  "The consumer it is about, if any (the agreement's)."
  consumer: String
  "The access agreement, as it stands after the change, for the \`ACCESS_\` kinds."
  agreement: AccessAgreement
}
`;
