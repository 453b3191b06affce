import { GOVERNANCE_SCOPE, governs } from '../../governance/Consumer.ts';
import type { Authenticator } from '../../governance/Governance.ts';
import { createCallerGuard, GATEWAY_SCOPE, type CallerGuard } from '../../governance/identity/index.ts';
import type { Logger } from '../../logger/index.ts';

/**
 * The guard of a domain's own `/graphql`: it answers the mesh's gateway
 * (scope `mesh:gateway`) and those who govern the domain (its owners, and
 * governance), nobody else, so the gateway's policy cannot be bypassed by
 * calling the domain directly.
 */
export function domainCaller(domain: string, authenticator: Authenticator, logger: Logger): CallerGuard {
  const accepted =
    `Domain "${domain}" answers only the mesh's gateway (scope "${GATEWAY_SCOPE}"), the domain's owners (meshgraph_owns ["${domain}"]) and governance (scope "${GOVERNANCE_SCOPE}"). ` +
    'Query it through the gateway, with your own token there.';
  return createCallerGuard({
    authenticator,
    logger,
    authorize: (consumer) => (consumer && (consumer.scopes.includes(GATEWAY_SCOPE) || governs(consumer, domain)) ? undefined : accepted),
  });
}
