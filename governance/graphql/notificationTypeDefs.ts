/**
 * The mesh's notifications, served by the gateway's built-in catalog
 * subgraph: what a consumer should learn of — its access agreements' changes
 * and the lives of the data products it uses — as it happens, or later.
 */
export const NOTIFICATION_TYPE_DEFS = /* GraphQL */ `
type Subscription {
  """
  What concerns the caller, as it happens: a data product's owners hear of
  the access requested to it; a consumer, of the decisions on its requests
  and the end of its agreements; the consumers a data product affects (with
  an agreement on it, or that used its fields lately) and its owners, of its
  deprecation, retirement, lasting SLO breaches, and publications refused
  because they would break them; a consumer, of the deprecated fields it
  uses; governance, of everything. With \`since\`,
  what happened from then on comes first (each access agreement as it stands
  now: its latest change, not each step before it), so a client that
  reconnects with the \`at\` of the last notification it got misses nothing;
  it may get that one again, with the same \`id\`. Anonymous callers are
  refused.
  """
  notifications(since: DateTime): Notification!
}

extend type Query {
  """
  What concerned the caller (as \`Subscription.notifications\` tells it),
  newest first: at most \`first\`, from \`since\` on if given. Anonymous
  callers are refused.
  """
  notifications(since: DateTime, first: Int = 50): [Notification!]!
}

extend type DataProduct {
  "What was told about this data product that concerns the caller, newest first (none for an anonymous caller)."
  notifications(first: Int = 20): [Notification!]!
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
  "A data product the caller uses or owns is deprecated: see \`sunset\` and \`successor\`."
  DATA_PRODUCT_DEPRECATED
  "A data product the caller uses or owns is retired: it no longer serves."
  DATA_PRODUCT_RETIRED
  "A publication was refused because it would break the caller's recorded use (or a product the caller owns): see \`fields\` and \`operations\`."
  BREAKING_CHANGE_PROPOSED
  "The caller used a field deprecated with a sunset (told once a day per field): see \`fields\` and \`sunset\`."
  DEPRECATED_FIELD_USED
  "A data product the caller uses or owns has been less fresh than its SLO for longer than the mesh allows."
  SLO_BREACH
  "That breach ended: the data product is as fresh as its SLO again."
  SLO_RECOVERED
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
  "The fields concerned (\`Type.field\`): those a refused publication would break, or the deprecated field used."
  fields: [String!]
  "The operations that use \`fields\` (names, or hashes of unnamed ones)."
  operations: [String!]
  "The data product that replaces this one, for a deprecation or retirement that names one."
  successor: ID
  "The day (YYYY-MM-DD) from which (00:00 UTC) the deprecated product or field may go."
  sunset: String
}
`;
