/**
 * A consumer's webhook: its notifications POSTed to a URL of its own, signed,
 * retried until its receiver takes them. Served by the gateway's built-in
 * catalog subgraph, beside `Subscription.notifications`.
 */
export const WEBHOOK_TYPE_DEFS = /* GraphQL */ `
extend type Query {
  "The caller's webhook, with how its deliveries go; null when it has none. Anonymous callers are refused."
  notificationWebhook: NotificationWebhook
}

extend type Mutation {
  """
  Sends the caller's notifications (those \`Subscription.notifications\`
  tells it) to \`url\` as well: each POSTed as JSON, signed in the
  \`meshgraph-signature\` header with a new secret, which this answer alone
  holds. Setting it again replaces the URL and the secret.
  """
  setNotificationWebhook(url: String!): NotificationWebhook!
  "Stops sending the caller's notifications to its webhook; false when it had none."
  removeNotificationWebhook: Boolean!
  """
  Sends the caller's webhook a signed test at once (kind \`PING\`, the headers
  of a notification) and answers how it went, to check a receiver and its
  signature before a notification comes; null when the caller has no
  webhook. It is not retried, and not counted in \`lastDelivery\`.
  """
  pingNotificationWebhook: WebhookDelivery
}

"Where a consumer's notifications are POSTed, and how it goes."
type NotificationWebhook {
  "An http(s) URL."
  url: String!
  "When it was set."
  createdAt: DateTime!
  """
  The key of the HMAC-SHA256 in the \`meshgraph-signature\` header: only in
  the answer of \`setNotificationWebhook\`, null when read afterwards. Keep it.
  """
  secret: String
  "The latest try to deliver a notification, delivered or not."
  lastDelivery: WebhookDelivery
  "The latest try failed: the receiver answered other than 2xx, or not in time."
  failing: Boolean!
  "Notifications not delivered yet, still retried."
  pending: Int!
}

"One try to deliver a notification to a webhook."
type WebhookDelivery {
  "When the try ended."
  at: DateTime!
  "The notification's id (\`Notification.id\`, the \`meshgraph-notification-id\` header)."
  notificationId: ID!
  "Which try, from 1."
  attempt: Int!
  "The receiver answered 2xx."
  delivered: Boolean!
  "The receiver's HTTP status, when it answered."
  status: Int
  "Why the try failed: \`HTTP 500\`, \`timeout\`, \`ECONNREFUSED\`…"
  error: String
}
`;
