import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import type { ExecutionResult } from 'graphql';
import { createAccessGovernor, documentHash, type AccessGovernor } from '../governance/enforcement/index.ts';
import type { Governance } from '../governance/Governance.ts';
import { CATALOG_SUBGRAPH } from './catalog/index.ts';
import type { GatewayContext } from './GatewayContext.ts';
import { wrapGatewayExecutor } from './wrapGatewayExecutor.ts';

/** The authorization specs whose directives the governor enforces (`readFieldRules`). */
const ENFORCED_SPECS = ['authenticated', 'requiresScopes', 'policy'];

/**
 * The supergraph as Apollo's gateway is to load it when the gateway governs:
 * Apollo refuses a supergraph that links a `SECURITY` feature it cannot
 * enforce (`@authenticated`, `@requiresScopes`, `@policy`); the governor
 * enforces them, so their links lose the purpose that makes Apollo refuse.
 * Ungoverned, the supergraph is loaded as it is, and Apollo's refusal stands.
 */
export function supergraphForGovernedGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:[A-Za-z]+)\/v[\d.]+"), for: SECURITY\)/g, (link, head: string) =>
    ENFORCED_SPECS.some((spec) => head.includes(`/${spec}/`)) ? `${head})` : link,
  );
}

/** Apollo's gateway with the mesh policy enforced on every query and mutation, and the governor of the supergraph in use. */
export interface GovernedGateway {
  gateway: GatewayInterface;
  /** The governor of the supergraph in use; none before the first one loaded. */
  governor(): AccessGovernor | undefined;
}

/**
 * Wraps Apollo's gateway so that every operation it executes (over HTTP or
 * WebSocket) is governed: planned against the caller's rights, audited, run
 * with the document masking needs, and masked.
 */
export function governGateway(gateway: GatewayInterface, governance: Governance): GovernedGateway {
  let governor: AccessGovernor | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    governor?.close();
    governor = createAccessGovernor({ governance, supergraphSdl: coreSupergraphSdl, apiSchema, catalogGraph: CATALOG_SUBGRAPH });
  });
  const governed = (executor: GatewayExecutor): GatewayExecutor => async (requestContext) => {
    const current = governor;
    if (!current) return executor(requestContext);
    const { document, operationName, request, context } = requestContext;
    const operation = { document, operationName: operationName ?? undefined, variables: request.variables, consumer: (context as GatewayContext).consumer };
    return current.run(operation, (run) =>
      // Apollo caches query plans by query hash: each document the gateway runs needs its own (another caller's may prune other fields).
      (run === document ? executor(requestContext) : executor({ ...requestContext, document: run, queryHash: documentHash(run) })) as Promise<ExecutionResult>,
    );
  };
  return {
    governor: () => governor,
    gateway: wrapGatewayExecutor(gateway, governed),
  };
}
