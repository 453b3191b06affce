import type { Env } from '../config/index.ts';
import { DEMO_CONSUMERS } from '../demo/index.ts';
import { DEMO_TOKEN_TTL_SECONDS, issueDemoToken } from '../demo/issueDemoToken.ts';
import { readIdentity } from '../governance/identity/index.ts';
import type { Consumer } from '../governance/Consumer.ts';
import { didYouMean, durationSeconds } from '../schema/index.ts';

/** How `meshgraph token` is called. */
export const TOKEN_USAGE = `Usage:
  meshgraph token <consumer> [--ttl 8h]   print a bearer token for a demo consumer (last line), signed with the
                                          mesh's key; --ttl as 30m, 8h, 7d or ISO-8601 (PT8H). Consumers: ${Object.keys(DEMO_CONSUMERS).join(', ')};
                                          any other domain name (merch): that new domain's owner, who publishes it`;

/**
 * `meshgraph token <consumer> [--ttl 8h]`: prints a token for one of the
 * demo's consumers, for local use (`curl -H "Authorization: Bearer $(npx
 * meshgraph token analyst | tail -1)"`), signed with the key the mesh's
 * processes verify (the development key unless `MESHGRAPH_SIGNING_KEY_FILE`
 * names one). Returns the exit code: 0, or 2 for a usage error.
 */
export async function runTokenCommand(args: readonly string[], env: Env, out: (text: string) => void = (text) => process.stdout.write(text), err: (text: string) => void = (text) => process.stderr.write(text)): Promise<number> {
  const [id, ...rest] = args;
  let ttlSeconds = DEMO_TOKEN_TTL_SECONDS;
  for (let i = 0; i < rest.length; i++) {
    const ttl = rest[i] === '--ttl' ? rest[++i] : rest[i]?.startsWith('--ttl=') ? rest[i]!.slice('--ttl='.length) : undefined;
    const seconds = ttl === undefined ? undefined : readTtl(ttl);
    if (seconds === undefined) {
      err(`${ttl === undefined ? `Unknown argument "${rest[i]}".` : `--ttl must be a duration such as 30m, 8h, 7d or PT8H, not "${ttl}".`}\n${TOKEN_USAGE}\n`);
      return 2;
    }
    ttlSeconds = seconds;
  }
  const consumer = id === undefined ? undefined : (DEMO_CONSUMERS[id] ?? newDomainOwner(id));
  if (!consumer) {
    const known = Object.keys(DEMO_CONSUMERS);
    err(`${id === undefined ? 'meshgraph token needs a consumer.' : `Unknown consumer "${id}".${didYouMean(id, known)}`} The demo's consumers: ${known.join(', ')}.\n`);
    return 2;
  }
  const identity = await readIdentity(env);
  if (!identity.keys.signing) {
    err('Only a key set to verify with is given (MESHGRAPH_JWKS_URL or MESHGRAPH_JWKS_FILE): get tokens from your identity provider, or set MESHGRAPH_SIGNING_KEY_FILE.\n');
    return 2;
  }
  const { token } = await issueDemoToken(identity, consumer, ttlSeconds);
  const who = [consumer.kind, consumer.team && `team ${consumer.team}`, consumer.owns.length > 0 && `owns ${consumer.owns.join(', ')}`, consumer.scopes.length > 0 && `scopes ${consumer.scopes.join(' ')}`]
    .filter(Boolean)
    .join(', ');
  out(`# ${consumer.id} (${who}), valid ${formatSeconds(ttlSeconds)}, signed with ${identity.keys.source}\n${token}\n`);
  return 0;
}

/**
 * A new team's credentials in development: `merch` or `merch-owner` is the
 * owner of domain `merch` (it publishes, and reads all, of its domain). A
 * name close to a demo consumer's is taken for a typo instead.
 */
function newDomainOwner(id: string): Consumer | undefined {
  const domain = id.replace(/-owner$/, '');
  if (!/^[a-z][a-z0-9-]*$/.test(domain) || didYouMean(id, Object.keys(DEMO_CONSUMERS))) return undefined;
  return { id: `${domain}-owner`, kind: 'person', team: domain, owns: [domain], scopes: [], regions: [] };
}

/** Seconds of `30m`, `8h`, `7d`, `90s` or an ISO-8601 duration; undefined when it is none, or not positive. */
function readTtl(text: string): number | undefined {
  const short = /^(\d+)([smhd])$/.exec(text);
  const seconds = short ? Number(short[1]) * { s: 1, m: 60, h: 3_600, d: 86_400 }[short[2] as 's' | 'm' | 'h' | 'd'] : durationSeconds(text.toUpperCase());
  return seconds !== undefined && seconds >= 1 ? Math.floor(seconds) : undefined;
}

function formatSeconds(seconds: number): string {
  return seconds % 3_600 === 0 ? `${seconds / 3_600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
