import { failureReason } from '../common/index.ts';
import type { Env } from '../config/index.ts';

/** The gateway `meshgraph publish` and `meshgraph lifecycle` talk to when given no `--gateway` nor `MESHGRAPH_GATEWAY_URL`. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

/** Whether `value` is an http or https URL. */
export const isHttpUrl = (value: string | undefined): value is string => !!value && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

/** An argument split into its flag and inline value (`--reason=why` → `--reason`, `why`); an argument that is no flag has neither. */
export function splitFlag(arg: string): [flag: string | undefined, inline: string | undefined] {
  if (!arg.startsWith('--')) return [undefined, undefined];
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

/** The gateway a command talks to: `--gateway`, else `MESHGRAPH_GATEWAY_URL`, else the default; a message (bad usage) when it is no http(s) URL. */
export function readGatewayUrl(option: string | undefined, env: Env): { url: string } | { problem: string } {
  const url = option ?? (env['MESHGRAPH_GATEWAY_URL']?.trim() || DEFAULT_GATEWAY_URL);
  return isHttpUrl(url) ? { url } : { problem: `The gateway must be an http(s) URL (--gateway or MESHGRAPH_GATEWAY_URL), like ${DEFAULT_GATEWAY_URL}, not ${JSON.stringify(url)}.` };
}

/**
 * POSTs `body` as JSON to `path` on the gateway, with `MESHGRAPH_TOKEN` as
 * credentials (a bare token is sent as a bearer one), and answers the HTTP
 * status and the JSON body (undefined when it is none), or, when the gateway
 * does not answer, `unreachable`: a message saying where, and asking whether
 * it runs.
 */
export async function postToGateway(gateway: string, path: string, body: unknown, env: Env, timeoutMs = 60_000): Promise<{ status: number; body: unknown } | { unreachable: string }> {
  const token = env['MESHGRAPH_TOKEN']?.trim();
  let response: Response;
  try {
    response = await fetch(new URL(path, gateway), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: /^(Bearer|ApiKey) /i.test(token) ? token : `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { unreachable: `The gateway at ${gateway} did not answer (${failureReason((error as { cause?: unknown }).cause ?? error)}): is it running (npm start, meshgraph gateway)?` };
  }
  return { status: response.status, body: await response.json().catch(() => undefined) };
}
