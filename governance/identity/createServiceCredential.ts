import { claimsOf } from './consumerClaims.ts';
import { issueToken, type IssueTokenOptions } from './issueToken.ts';
import type { SigningKey } from './SigningKey.ts';
import type { Consumer } from '../Consumer.ts';

/** The scope a domain's port answers besides its owners: that of the gateway's service token. */
export const GATEWAY_SCOPE = 'mesh:gateway';

/** The header that tells a domain on whose behalf the gateway calls: the consumer's id. */
export const CONSUMER_HEADER = 'x-meshgraph-consumer';

/** The consumer the gateway is to the domains. */
export const GATEWAY_CONSUMER: Consumer = { id: 'gateway', kind: 'service', team: undefined, owns: [], scopes: [GATEWAY_SCOPE], regions: [] };

/** Options of `createServiceCredential`. */
export interface ServiceCredentialOptions extends Omit<IssueTokenOptions, 'ttlSeconds'> {
  /** The key the token is signed with. */
  signing: SigningKey;
  /** Seconds each token is valid for; a new one is signed once half of it has passed. @default 300 */
  ttlSeconds?: number;
  /** Who the token names. @default GATEWAY_CONSUMER: sub `gateway`, kind `service`, scope `mesh:gateway` */
  consumer?: Consumer;
}

/** A service's own credential to the domains. */
export interface ServiceCredential {
  /** The `Authorization` value to send now: `Bearer <token>`, renewed before it expires. */
  authorization(): Promise<string>;
}

/**
 * The gateway's credential to the domains: a short-lived token (5 minutes by
 * default) signed with the mesh's key, renewed once half its life is over,
 * so that a token that leaks from a log or a proxy is soon worthless.
 */
export function createServiceCredential(options: ServiceCredentialOptions): ServiceCredential {
  const { signing, ttlSeconds = 300, consumer = GATEWAY_CONSUMER, ...issued } = options;
  let current: { value: Promise<string>; renewAt: number } | undefined;
  return {
    authorization() {
      const now = Date.now();
      if (!current || now >= current.renewAt) {
        const value = issueToken(claimsOf(consumer), signing, { ...issued, ttlSeconds }).then((token) => `Bearer ${token}`);
        current = { value, renewAt: now + (ttlSeconds * 1000) / 2 };
        // A failed signature is not kept: the next call tries again.
        value.catch(() => {
          if (current?.value === value) current = undefined;
        });
      }
      return current.value;
    },
  };
}
