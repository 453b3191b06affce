/** A consumer the gateway's demo sign-in offers (`GET /auth/demo-consumers`). */
export interface DemoConsumer {
  id: string;
  kind: string;
  team: string | null;
  owns: string[];
  scopes: string[];
  regions: string[];
  /** Who it is, in a line. */
  description: string;
}

/** The demo consumers, or undefined when this gateway has demo sign-in off (404: the viewer pastes a token). */
export async function listDemoConsumers(): Promise<DemoConsumer[] | undefined> {
  const response = await fetch('/auth/demo-consumers', { headers: { accept: 'application/json' } });
  if (response.status === 404) return undefined;
  const body = (await response.json().catch(() => ({}))) as { consumers?: DemoConsumer[]; error?: string };
  if (!response.ok || !body.consumers) throw new Error(body.error ?? `The gateway answered HTTP ${response.status} for its demo consumers.`);
  return body.consumers;
}

/** A token for demo consumer `id` (`POST /auth/demo-token`); rejects with the gateway's reason. */
export async function demoToken(id: string): Promise<string> {
  const response = await fetch('/auth/demo-token', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ consumer: id }) });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(body.error ?? `The gateway answered HTTP ${response.status} instead of a token.`);
  return body.token;
}
