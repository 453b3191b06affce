import { randomUUID } from 'node:crypto';
import type { Env } from '../config/index.ts';
import type { EventLog } from '../eventlog/index.ts';
import type { Logger } from '../logger/index.ts';
import { createAgreementBook, type AgreementBookOptions, type LoggedAgreementBook } from './agreements/index.ts';
import { createAccessLog, createAuditTrail } from './audit/index.ts';
import { createPseudonymiser } from './enforcement/index.ts';
import { readPseudonymKey } from './enforcement/readPseudonymKey.ts';
import type { Governance } from './Governance.ts';
import { createAccessLogResolvers, createAgreementResolvers, createDataProductAccessResolvers, createNotificationResolvers, createWebhookResolvers, type DataProductAccessOptions } from './graphql/index.ts';
import { createAgreementNotifications, type NotificationSource } from './notifications/index.ts';
import { createWebhookBook, createWebhookDeliveries, readWebhookSettings } from './webhooks/index.ts';
import { readIdentity, type ServiceCredential } from './identity/index.ts';
import { loadMeshPolicy } from './policy/index.ts';

/** Who the gateway's event log appends as: the owner of the governance topics. */
export const GOVERNANCE_PRINCIPAL = 'governance';

export interface GovernanceSetupOptions {
  /** The settings: `MESHGRAPH_POLICY_FILE`, the identity settings (`readIdentity`: token keys, issuer, audience, `MESHGRAPH_API_KEYS_FILE`), `MESHGRAPH_PSEUDONYM_KEY`, `MESHGRAPH_DATA_DIR`. */
  env: Env;
  /** The event log of the governance topics (agreements, audit), opened as the `governance` principal. */
  log: EventLog;
  /** A data product by URN: its domain and the purposes it auto-approves (the gateway's catalog, `catalogProducts`). */
  products: AgreementBookOptions['products'];
  /** Every data product of the mesh (the gateway's catalog), so the catalog's `DataProduct.access` decides a field across the products that describe it. @default each product alone */
  descriptors?: DataProductAccessOptions['descriptors'];
  /** Where the notifications come from that `Subscription.notifications` and the consumers' webhooks tell, given the agreement book. @default the agreement book's (`createAgreementNotifications`) */
  notifications?: (agreements: LoggedAgreementBook) => NotificationSource;
  logger: Logger;
}

/** The gateway's governance, with what else it needs to run: its credential to the domains and how to stop. */
export interface GatewayGovernance extends Governance {
  /** The gateway's own credential to the domains; none when the keys given cannot sign (a JWKS without `MESHGRAPH_SIGNING_KEY_FILE`). */
  credential: ServiceCredential | undefined;
  /** Appends what the audit holds and stops following the governance topics. */
  close(): Promise<void>;
}

/**
 * Sets up everything the gateway enforces: the mesh policy (validated), who
 * callers are (tokens, API keys), access agreements and the audit on the
 * event log, pseudonyms, and governance's GraphQL API. Resolves once the
 * agreements were read back, so the first request is decided on them all.
 */
export async function createGovernance({ env, log, products, descriptors, notifications = createAgreementNotifications, logger }: GovernanceSetupOptions): Promise<GatewayGovernance> {
  const policy = loadMeshPolicy(env);
  // The same settings as the domains read (issuer and audience too), so the gateway's token is one they accept.
  const { keys, authenticator, credential } = await readIdentity(env);
  const pseudonymise = createPseudonymiser(await readPseudonymKey(env));
  const agreements = createAgreementBook({ log, policy, products, logger: logger.child('agreements') });
  // The access log takes what this process audits from memory and reads back only what other replicas (and earlier runs) appended.
  const replica = randomUUID();
  const accessLog = createAccessLog({ log, logger: logger.child('audit'), replica });
  const audit = createAuditTrail({ log, logger: logger.child('audit'), replica, onAppended: accessLog.add });
  const notificationSource = notifications(agreements);
  // Webhooks and their deliveries on the event log too: any replica delivers, and a restart loses no delivery.
  const webhooks = createWebhookBook({ log, logger: logger.child('webhooks') });
  const webhookSettings = readWebhookSettings(env);
  const deliveries = createWebhookDeliveries({ log, webhooks, source: notificationSource, replica, logger: logger.child('webhooks'), ...webhookSettings });
  await Promise.all([agreements.ready, audit.ready, deliveries.ready]);
  logger.info('governance ready', { tokenKeys: keys.source, agreements: agreements.list({}).length });
  return {
    policy,
    authenticator,
    agreements,
    audit,
    accessLog,
    pseudonymise,
    webhooks: deliveries,
    resolvers: [
      createAgreementResolvers({ book: agreements, policy }),
      createAccessLogResolvers(accessLog),
      createDataProductAccessResolvers({ policy, agreements, ...(descriptors ? { descriptors } : {}) }),
      createNotificationResolvers([notificationSource]),
      createWebhookResolvers({ book: webhooks, deliveries, privateNetworks: webhookSettings.privateNetworks }),
    ],
    credential,
    async close() {
      await deliveries.close();
      await audit.close();
      await Promise.all([agreements.close(), accessLog.close(), webhooks.close()]);
    },
  };
}
