import { readFileSync } from 'node:fs';

/** The request body of the benchmark's heavy query (`heavyQuery.graphql`). */
export const HEAVY_QUERY_BODY = JSON.stringify({ query: readFileSync(new URL('./heavyQuery.graphql', import.meta.url), 'utf8') });

/** A gateway's answer to the heavy query at `url`: its status and text as sent, the trailing newline Apollo Server adds aside. */
export async function heavyQueryAnswer(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: HEAVY_QUERY_BODY });
  return { status: response.status, text: (await response.text()).trimEnd() };
}
