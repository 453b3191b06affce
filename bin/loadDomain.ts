import { DEFAULT_DATA_DIR, readEventLogConfig, readLogLevel, readString, type Env } from '../config/index.ts';
import { createLogger } from '../logger/index.ts';
import type { DomainDefinition } from '../subgraphs/kit/index.ts';
import { resolveDomainModule } from './resolveDomainModule.ts';

/**
 * Finds a domain module as `meshgraph subgraph` does (a demo name, a folder
 * of `subgraphs/`, or a path) and calls its `createDomain`, without opening
 * its event log or serving it: what `meshgraph check` builds its SDL and
 * descriptors from. Throws `ConfigError` when there is no such domain.
 */
export async function loadDomain(domain: string | undefined, env: Env, cwd = process.cwd()): Promise<DomainDefinition> {
  const { name, module } = await resolveDomainModule(domain, cwd);
  const eventLog = readEventLogConfig(env);
  const dataDir = eventLog.kind === 'embedded' ? eventLog.dataDir : readString(env, 'MESHGRAPH_DATA_DIR', DEFAULT_DATA_DIR);
  // Log lines go to stderr (the logger's default), warnings only unless asked, so that a report on stdout stays clean.
  const logger = createLogger({ component: name, level: env['MESHGRAPH_LOG_LEVEL'] ? readLogLevel(env) : 'warn' });
  return module.createDomain({ name, env, eventLog, dataDir, logger });
}
