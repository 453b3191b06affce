import type { Env, EventLogConfig } from '../../config/index.ts';
import type { Logger } from '../../logger/index.ts';
import type { DomainDefinition } from './Domain.ts';

/** What `meshgraph subgraph` gives a domain module's `createDomain`. */
export interface DomainContext {
  /** The name the domain runs under: as asked (`meshgraph subgraph podcasts`), or its folder's name when given a path. */
  name: string;
  /** The process environment, for the domain's own settings (the `config/` readers say what is wrong with a value). */
  env: Env;
  /** Which event log the domain will run on; it opens after `createDomain` returns. */
  eventLog: EventLogConfig;
  /** Folder for the domain's own files (checkpoints). */
  dataDir: string;
  logger: Logger;
}

/**
 * What a runnable domain module exports: `subgraphs/<domain>/index.ts`, or
 * any folder or module `meshgraph subgraph <path>` names. A team adds a
 * domain by adding such a folder; nothing shared needs an edit.
 */
export interface DomainModule {
  /** Builds the domain to serve; called once per process, before the event log opens. */
  createDomain(context: DomainContext): DomainDefinition | Promise<DomainDefinition>;
}
