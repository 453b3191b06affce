import { failureReason } from '../common/index.ts';
import type { Env } from '../config/index.ts';
import type { FieldUse } from '../registry/usage/FieldUse.ts';
import { USAGE_PATH } from '../registry/usageRoute.ts';

/** The use a domain's changes are weighed against, or why it could not be read. */
export type ObservedUsage = { kind: 'observed'; uses: readonly FieldUse[]; windowDays: number } | { kind: 'unread'; reason: string };

const isUse = (value: unknown): value is FieldUse => {
  const use = value as Partial<FieldUse> | null;
  return typeof use?.coordinate === 'string' && typeof use.consumer === 'string' && Array.isArray(use.operations) && typeof use.count === 'number' && typeof use.lastSeenAt === 'string';
};

/**
 * The recorded use of subgraph `name` on a registry-backed gateway (`GET
 * /registry/usage?subgraph=<name>`, with `MESHGRAPH_TOKEN`): what `meshgraph
 * check` weighs breaking changes against, as a publication is weighed. Says
 * why when it cannot: no credentials, credentials that may not read it, a
 * gateway without the route.
 */
export async function fetchObservedUsage(gateway: string, name: string, env: Env): Promise<ObservedUsage> {
  const url = new URL(`${USAGE_PATH}?subgraph=${encodeURIComponent(name)}`, gateway);
  const token = env['MESHGRAPH_TOKEN']?.trim();
  if (!token) return { kind: 'unread', reason: `reading it needs the domain's credentials: set MESHGRAPH_TOKEN (npx meshgraph token ${name} prints one in development)` };
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: /^(Bearer|ApiKey) /i.test(token) ? token : `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    return { kind: 'unread', reason: `the gateway at ${gateway} did not answer ${url.pathname} (${failureReason((error as { cause?: unknown }).cause ?? error)})` };
  }
  const body = (await response.json().catch(() => undefined)) as { uses?: unknown; windowDays?: unknown; errors?: { message?: string }[] } | undefined;
  if (!response.ok) {
    const why = response.status === 404 && !body?.errors ? 'it has no usage route (an older gateway)' : (body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
    return { kind: 'unread', reason: `the gateway at ${gateway} answered ${url.pathname} with HTTP ${response.status}: ${why}` };
  }
  if (!Array.isArray(body?.uses) || !body.uses.every(isUse) || typeof body.windowDays !== 'number') return { kind: 'unread', reason: `the gateway at ${gateway} answered ${url.pathname} with no list of uses` };
  return { kind: 'observed', uses: body.uses, windowDays: body.windowDays };
}
