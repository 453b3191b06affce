import type { GraphQLScalarType } from 'graphql';
import type { Logger } from '../../logger/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import type { Contact } from '../../schema/index.ts';
import type { RequestDeadline } from '../../server/index.ts';
import type { DataProductDefinition } from './dataProduct.ts';
import type { EntityBatchLoader, EntityLoaders } from './entityLoaders.ts';

/** What every resolver of a subgraph receives as context. */
export interface SubgraphContext {
  /** Per-request batched entity loading. */
  loaders: EntityLoaders;
  /** The caller's name, from the `apollographql-client-name` header, if given. */
  clientName?: string;
  /** The domain's event log, for subscription fields bound to topics; absent for a domain without one. */
  log?: EventLog;
  logger: Logger;
  /** When the request's time runs out (a query or mutation); past it no field resolves. Absent for subscriptions. */
  deadline?: RequestDeadline;
  /** Milliseconds since 1970 before which a topic's records are past their product's retention (see `DomainDefinition.now`); `undefined` for a topic no product declares. */
  retainedFrom?: (topic: string) => number | undefined;
}

/** Resolvers by type and field, as `@apollo/subgraph` takes them. */
export type DomainResolvers = Record<string, GraphQLScalarType | Record<string, unknown>>;

/** A domain's Federation 2 schema and where it was read from (named in start-up errors). */
export interface DomainSchema {
  sdl: string;
  /** File the SDL came from, relative to the project, e.g. `subgraphs/podcasts/schema.graphql`. */
  source: string;
}

/** Everything a domain team declares to publish its subgraph. */
export interface DomainDefinition {
  /** Lower-case name, e.g. `podcasts`; the first part of its data products' URNs. */
  name: string;
  /** One sentence: the business area the domain covers. */
  description: string;
  /** The owning team and how to reach it. */
  team: Contact;
  schema: DomainSchema;
  resolvers: DomainResolvers;
  /** Batch loaders of the entities this domain resolves, by type name (see `EntityBatchLoader`). */
  entities?: Record<string, EntityBatchLoader>;
  dataProducts: DataProductDefinition[];
  /**
   * Connects the domain to the event log before it serves: publishes its
   * output topics, consumes its input ports, and resolves once its data
   * products have caught up. Returns how to stop (flushing checkpoints).
   */
  start?: (runtime: DomainRuntime) => Promise<{ close(): Promise<void> }>;
  /**
   * The domain's clock, in milliseconds since 1970: records whose event time
   * is older than `now() - retention` of their product are not served.
   * @default Date.now
   */
  now?: () => number;
}

/** What a domain gets to publish and consume its topics. */
export interface DomainRuntime {
  log: EventLog;
  /** Folder for the domain's own files (checkpoints). */
  dataDir: string;
  logger: Logger;
}
