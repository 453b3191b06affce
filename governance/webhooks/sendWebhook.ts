import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { failureReason } from '../../common/index.ts';
import { isPrivateAddress } from './privateAddress.ts';
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
  /** Whether the receiver may be at a loopback, private or link-local address (checked on the address connected to, so a name that resolves there is refused too). */
  privateNetworks: 'allow' | 'refuse';
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

const PRIVATE_REFUSED = 'refused: a private address (MESHGRAPH_WEBHOOK_PRIVATE_NETWORKS)';

class PrivateAddressRefused extends Error {}

/** Resolves as the system does, and fails when any address it gives is private: the connection is never opened. */
const publicOnly: LookupFunction = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    if (addresses.some(({ address }) => isPrivateAddress(address))) return callback(new PrivateAddressRefused(PRIVATE_REFUSED), '', 0);
    // `all` asked by the caller (autoSelectFamily) wants the list; otherwise the first address.
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });

/** POSTs `body` and resolves with the answer's status, its body read away; rejects when there is no answer. */
function post(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal, privateNetworks: WebhookRequest['privateNetworks']): Promise<number> {
  const options: RequestOptions = { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal, ...(privateNetworks === 'refuse' ? { lookup: publicOnly } : {}) };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (response) => {
      response.on('error', reject);
      response.on('end', () => resolve(response.statusCode!));
      response.resume();
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * POSTs a notification to a webhook, signed, and tells how it went; never
 * throws for the receiver's sake. Redirects are not followed: a 3xx is a
 * failure, as is a receiver at a private address when those are refused.
 */
export async function sendWebhook({ url, secret, notificationId, body, attempt, timeoutMs, privateNetworks, signal, sentAt }: WebhookRequest): Promise<WebhookOutcome> {
  const target = new URL(url);
  // An address written in the URL is connected to without a lookup.
  if (privateNetworks === 'refuse' && isPrivateAddress(target.hostname)) return { delivered: false, error: PRIVATE_REFUSED };
  const timeout = AbortSignal.timeout(timeoutMs);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'meshgraph-webhooks',
    [WEBHOOK_HEADERS.notificationId]: notificationId,
    [WEBHOOK_HEADERS.signature]: webhookSignature(secret, body),
    [WEBHOOK_HEADERS.timestamp]: sentAt,
    [WEBHOOK_HEADERS.attempt]: String(attempt),
  };
  try {
    const status = await post(target, headers, body, signal ? AbortSignal.any([signal, timeout]) : timeout, privateNetworks);
    const delivered = status >= 200 && status < 300;
    return { delivered, status, ...(delivered ? {} : { error: `HTTP ${status}` }) };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof PrivateAddressRefused) return { delivered: false, error: PRIVATE_REFUSED };
    return { delivered: false, error: timeout.aborted ? 'timeout' : failureReason(error) };
  }
}
