import { failureReason } from '../../common/index.ts';
import { WEBHOOK_HEADERS, webhookSignature } from './webhookSignature.ts';

/** One try to deliver a notification. */
export interface WebhookRequest {
  url: string;
  secret: string;
  notificationId: string;
  /** The JSON body, as it is signed and sent. */
  body: string;
  /** Which try, from 1. */
  attempt: number;
  /** When the receiver has not answered after this long, the try failed. */
  timeoutMs: number;
  /** Aborts the try (the gateway closes). */
  signal?: AbortSignal;
  /** The time the try is sent, ISO-8601. */
  sentAt: string;
}

/** How a try went: a 2xx is delivered; anything else (another status, no answer) is not. */
export interface WebhookOutcome {
  delivered: boolean;
  status?: number;
  error?: string;
}

/** POSTs a notification to a webhook, signed, and tells how it went; never throws for the receiver's sake. Redirects are not followed: a 3xx is a failure. */
export async function sendWebhook({ url, secret, notificationId, body, attempt, timeoutMs, signal, sentAt }: WebhookRequest): Promise<WebhookOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'meshgraph-webhooks',
        [WEBHOOK_HEADERS.notificationId]: notificationId,
        [WEBHOOK_HEADERS.signature]: webhookSignature(secret, body),
        [WEBHOOK_HEADERS.timestamp]: sentAt,
        [WEBHOOK_HEADERS.attempt]: String(attempt),
      },
      body,
    });
    // The answer's body is of no use: read it away so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    const delivered = response.status >= 200 && response.status < 300;
    return { delivered, status: response.status, ...(delivered ? {} : { error: `HTTP ${response.status}` }) };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { delivered: false, error: timeout.aborted ? 'timeout' : failureReason(error) };
  }
}
