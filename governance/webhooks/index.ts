export type { DeliveryAttempt, Webhook, WebhookDeliveryStatus } from './Webhook.ts';
export { WEBHOOKS_TOPIC, WEBHOOK_DELIVERIES_TOPIC } from './webhooksTopics.ts';
export { createWebhookBook } from './createWebhookBook.ts';
export type { WebhookBook, WebhookBookOptions } from './createWebhookBook.ts';
export { createWebhookDeliveries } from './createWebhookDeliveries.ts';
export type { WebhookDeliveries, WebhookDeliveriesOptions } from './createWebhookDeliveries.ts';
export { WEBHOOK_HEADERS, webhookSignature } from './webhookSignature.ts';
export { readWebhookSettings } from './readWebhookSettings.ts';
export type { WebhookSettings } from './readWebhookSettings.ts';
