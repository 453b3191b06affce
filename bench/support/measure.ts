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

/** Sends one request and checks the answer has data and no errors; returns its duration in ms. It fails after `timeoutMs`, if given. */
export async function timedRequest(url: string, body: string, timeoutMs?: number): Promise<number> {
  const started = performance.now();
  const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
  const json = (await response.json()) as { data?: unknown; errors?: unknown[] };
  const elapsed = performance.now() - started;
  if (!response.ok || json.errors || !json.data) throw new Error(`bad answer from ${url}: ${JSON.stringify(json).slice(0, 300)}`);
  return elapsed;
}

/**
 * `concurrency` clients sending `requests` in all, request `i` with body
 * `bodyOf(i)`: requests per second and latency under load.
 */
export async function throughput(url: string, bodyOf: (i: number) => string, requests: number, concurrency: number) {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) durations.push(await timedRequest(url, bodyOf(next++)));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { requestsPerSecond: durations.length / seconds, latency: percentiles(durations), requests: durations.length, seconds, durations };
}
