import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { DateTimeScalar, durationSeconds, ErrorCode, parseUrn, POLYSEMES, type DataProductKind, type DataProductStatus } from '../../schema/index.ts';
import { buildLineage, LineageDepthError, productLabel, UnknownDataProductError, type ObservedConsumption } from './buildLineage.ts';
import { governanceOffResolvers, type GovernanceResolvers } from '../../governance/graphql/index.ts';
import type { AccessLog, AgreementBook } from '../../governance/Governance.ts';
import { CATALOG_SUBGRAPH_SDL } from './catalogSubgraphSdl.ts';
import type { CatalogEntry, MeshCatalog } from './createMeshCatalog.ts';
import { searchDataProducts } from './searchDataProducts.ts';

export interface CatalogSchemaOptions {
  catalog: MeshCatalog;
  /** Where a data product's descriptor exports, e.g. `http://localhost:4000/catalog/<urn>?format=odps`. */
  exportUrl: (urn: string, format: 'odps' | 'odcs') => string;
  /** Resolvers of governance's fields (agreements, audit), each over those before it. @default none: every governance field answers that governance is off */
  governance?: readonly GovernanceResolvers[];
  /** The access agreements, which lineage shows as declared edges from a product to its consumers. @default none: lineage shows no agreements and flags no use */
  agreements?: Pick<AgreementBook, 'list'>;
  /** The audit read back: a product's consumers (its figures and lineage's observed use) are then who the audit saw read it, by consumer id. @default none: the client names the domains observed */
  accessLog?: AccessLog;
}

const POLYSEME_IDS = new Set([...POLYSEMES.keys()].map((name) => name.toLowerCase()));
const polysemeByLowerName = new Map([...POLYSEMES.keys()].map((name) => [name.toLowerCase(), name]));

/** A product's consumers by identity, from the audit, in the shape of the domains' figures (the consumer id as its name). */
const auditedConsumers = (accessLog: AccessLog, urn: string) => accessLog.consumersOf(urn).map(({ consumer, paths, lastSeenAt, count }) => ({ clientName: consumer, paths, lastSeenAt, count }));

/** Figures as the catalog shows them: the domain's, plus freshness, validity and completeness judged against the SLOs now. */
function figuresOf({ descriptor, figures }: CatalogEntry, accessLog: AccessLog | undefined, now = Date.now()) {
  if (!figures) return null;
  const lag = figures.lastEventAt ? Math.max(0, (now - Date.parse(figures.lastEventAt)) / 1_000) : null;
  const slo = durationSeconds(descriptor.slos.freshness);
  const { quality } = figures;
  const { validity: validitySlo, completeness: completenessSlo } = descriptor.slos;
  return {
    ...figures,
    consumers: accessLog ? auditedConsumers(accessLog, descriptor.urn) : (figures.consumers ?? []).map((consumer) => ({ ...consumer, paths: [] })),
    inputs: figures.inputs ?? [],
    freshnessLagSeconds: lag,
    // A product nothing fed since its domain started is not late, only quiet: not judged.
    meetsFreshnessSlo: lag === null || slo === undefined || figures.fedSinceStart === false ? null : lag <= slo,
    validity: quality?.validity ?? null,
    meetsValiditySlo: quality === undefined || validitySlo === undefined ? null : quality.validity >= validitySlo,
    completeness: quality?.completeness ?? null,
    meetsCompletenessSlo: quality === undefined ? null : quality.completeness >= completenessSlo,
    recordsChecked: quality?.checked ?? null,
    quarantined: quality?.quarantined ?? null,
    ruleViolations: quality?.violations ?? [],
  };
}

/**
 * What consumption the mesh observed, as lineage takes it: GraphQL consumers
 * (by identity from the audit when there is one, else by the client names the
 * domains saw), and the topics each product's streams actually read
 * (credited to the product that publishes the topic).
 */
function observedConsumption(entries: readonly CatalogEntry[], accessLog: AccessLog | undefined): ObservedConsumption[] {
  const publisherOf = new Map(entries.flatMap(({ descriptor }) => descriptor.outputPorts.flatMap((port) => (port.kind === 'topic' ? [[port.topic, descriptor.urn] as const] : []))));
  return entries.flatMap(({ descriptor, figures }) => [
    ...(accessLog ? auditedConsumers(accessLog, descriptor.urn) : (figures?.consumers ?? [])).map((c) => ({ consumer: c.clientName, product: descriptor.urn, lastSeenAt: c.lastSeenAt, count: c.count })),
    ...(figures?.inputs ?? []).flatMap((input) => {
      const publisher = publisherOf.get(input.topic);
      if (!publisher || input.eventsIn === 0) return [];
      return [{ consumer: descriptor.urn, product: publisher, lastSeenAt: input.lastEventAt ?? new Date().toISOString(), count: input.eventsIn }];
    }),
  ]);
}

/**
 * The catalog subgraph the gateway serves itself, in-process: search, data
 * products with live figures, lineage, the polyseme map and `entity(urn)`;
 * and governance's API, whose resolvers governance brings.
 */
export function createCatalogSchema({ catalog, exportUrl, governance = [], accessLog, agreements }: CatalogSchemaOptions): GraphQLSchema {
  const dataProduct = (entry: CatalogEntry) => ({
    ...entry.descriptor,
    quality: (entry.descriptor.quality ?? []).map(({ check, ...rule }) => ({ ...rule, type: check.type, metric: check.type === 'library' ? check.metric : null })),
    figures: figuresOf(entry, accessLog),
    exports: { odps: exportUrl(entry.descriptor.urn, 'odps'), odcs: exportUrl(entry.descriptor.urn, 'odcs') },
    // A product never moved: its descriptor's status, no history.
    lifecycle: entry.lifecycle ?? { status: entry.descriptor.status, history: [] },
  });
  const resolvers = {
    DateTime: DateTimeScalar,
    Query: {
      async dataProducts(_: unknown, args: { search?: string | null; domain?: string | null; kind?: DataProductKind | null; tag?: string | null; status?: DataProductStatus | null; first: number }) {
        if (args.first < 0) throw new GraphQLError(`"first" must be 0 or more, but is ${args.first}.`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
        const entries = await catalog.entries();
        const byUrn = new Map(entries.map((e) => [e.descriptor.urn, e]));
        return searchDataProducts(entries.map((e) => e.descriptor), args)
          .slice(0, args.first)
          .map((match) => ({ score: match.score, matchedIn: match.matchedIn, dataProduct: dataProduct(byUrn.get(match.descriptor.urn)!) }));
      },
      async dataProduct(_: unknown, { urn }: { urn: string }) {
        const entry = await catalog.entry(urn);
        return entry ? dataProduct(entry) : null;
      },
      async lineage(_: unknown, { urn, depth }: { urn: string; depth: number }) {
        const entries = await catalog.entries();
        const byUrn = new Map(entries.map((e) => [e.descriptor.urn, e]));
        let lineage;
        try {
          lineage = buildLineage(entries.map((e) => e.descriptor), observedConsumption(entries, accessLog), urn, depth, agreements?.list({ status: 'approved' }));
        } catch (error) {
          if (error instanceof UnknownDataProductError || error instanceof LineageDepthError) {
            throw new GraphQLError(error.message, { extensions: { code: error.code } });
          }
          throw error;
        }
        return {
          root: lineage.root,
          edges: lineage.edges.map((edge) => ({ ...edge, withoutAgreement: edge.withoutAgreement === true })),
          nodes: lineage.nodes.map((node) => {
            switch (node.kind) {
              case 'dataProduct':
                return { id: node.urn, kind: node.kind, label: productLabel(node), dataProduct: byUrn.has(node.urn) ? dataProduct(byUrn.get(node.urn)!) : null };
              case 'source':
                return { id: node.id, kind: node.kind, label: node.system, dataProduct: null };
              case 'application':
                return { id: node.id, kind: node.kind, label: node.clientName, dataProduct: null };
              default: {
                const unexpected: never = node;
                throw new TypeError(`Unknown lineage node ${JSON.stringify(unexpected)}`);
              }
            }
          }),
        };
      },
      polysemes: () => catalog.polysemes(),
      entity(_: unknown, { urn }: { urn: string }) {
        const parsed = parseUrn(urn, POLYSEME_IDS);
        if (parsed?.kind !== 'entity') {
          const patterns = [...POLYSEMES.values()].map((p) => p.urnPattern).join(', ');
          throw new GraphQLError(`"${urn}" is not the URN of a polyseme instance; expected one of ${patterns}.`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
        }
        const typename = polysemeByLowerName.get(parsed.polyseme)!;
        return { __typename: typename, [POLYSEMES.get(typename)!.key]: parsed.id };
      },
    },
    MeshEntity: { __resolveType: (entity: { __typename: string }) => entity.__typename },
    Lifecycle: {
      async successorProduct({ successor }: { successor?: string }) {
        const entry = successor ? await catalog.entry(successor) : undefined;
        return entry ? dataProduct(entry) : null;
      },
    },
  };
  const governed = [governanceOffResolvers(), ...governance];
  const withGovernance = {
    ...resolvers,
    Query: Object.assign({}, resolvers.Query, ...governed.map((part) => part.Query)),
    Mutation: Object.assign({}, ...governed.map((part) => part.Mutation)),
    Subscription: Object.assign({}, ...governed.map((part) => part.Subscription)),
    DataProduct: Object.assign({}, ...governed.map((part) => part.DataProduct)),
  };
  return buildSubgraphSchema({ typeDefs: parse(CATALOG_SUBGRAPH_SDL), resolvers: withGovernance as never });
}
