import { ConfigError } from '../config/ConfigError.ts';
import { createPersistedOperations, loadTrustedDocuments, type PersistedOperations } from '../server/persistedOperations/index.ts';
import type { GatewayOptions } from './GatewayOptions.ts';

/** The gateway's persisted operations from its options: APQ's cache, the trusted documents' manifest read now, and whether only those run. */
export function createGatewayPersistedOperations(options: Pick<GatewayOptions, 'apqCacheSize' | 'trustedDocuments' | 'trustedDocumentsOnly'>): PersistedOperations {
  const { apqCacheSize = 1_000, trustedDocuments, trustedDocumentsOnly = false } = options;
  if (trustedDocumentsOnly && trustedDocuments === undefined) {
    throw new ConfigError('Only trusted documents may run (MESHGRAPH_TRUSTED_DOCUMENTS_ONLY=on), but no manifest is given: set MESHGRAPH_TRUSTED_DOCUMENTS to the clients\' persisted query manifest.');
  }
  const documents = trustedDocuments === undefined ? undefined : loadTrustedDocuments(trustedDocuments);
  if (trustedDocumentsOnly && documents?.size === 0) {
    throw new ConfigError(`Only trusted documents may run (MESHGRAPH_TRUSTED_DOCUMENTS_ONLY=on), but the manifest "${trustedDocuments}" holds none: every operation would be refused.`);
  }
  return createPersistedOperations({ apqCacheSize, ...(documents ? { trustedDocuments: documents } : {}), trustedDocumentsOnly });
}
