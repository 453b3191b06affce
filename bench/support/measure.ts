/** Latency percentiles in milliseconds. */
export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

/** Percentiles of a list of durations (ms). */
export function percentiles(durations: readonly number[]): Latency {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50), p90: at(90), p99: at(99), mean: sorted.reduce((sum, d) => sum + d, 0) / sorted.length };
}

/** How a benchmark's requests are sent and what answer counts as good. */
export interface RequestOptions {
  /** The request's `Authorization` (a consumer's `Bearer …` token). @default none: an anonymous caller */
  authorization?: string;
  /** Error codes a good answer may carry (`FORBIDDEN`: fields the policy masked), as long as it has data. @default none: any error fails */
  expectedErrorCodes?: readonly string[];
}

/** Sends one request and checks the answer has data and no errors but the expected ones; returns its duration in ms. It fails after `timeoutMs`, if given. */
export async function timedRequest(url: string, body: string, timeoutMs?: number, options: RequestOptions = {}): Promise<number> {
  const { authorization, expectedErrorCodes = [] } = options;
  const started = performance.now();
  const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body, signal });
  const json = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  const elapsed = performance.now() - started;
  const unexpected = json.errors?.some((e) => !expectedErrorCodes.includes(e.extensions?.code ?? ''));
  if (!response.ok || unexpected || !json.data) throw new Error(`bad answer from ${url}: ${JSON.stringify(json).slice(0, 300)}`);
  return elapsed;
}

/**
 * `concurrency` clients sending `requests` in all, request `i` with body
 * `bodyOf(i)`, sent as `options` say: requests per second and latency under load.
 */
export async function throughput(url: string, bodyOf: (i: number) => string, requests: number, concurrency: number, options: RequestOptions = {}) {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) durations.push(await timedRequest(url, bodyOf(next++), undefined, options));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { requestsPerSecond: durations.length / seconds, latency: percentiles(durations), requests: durations.length, seconds, durations };
}
