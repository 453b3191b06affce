import { Agent, request } from 'node:http';

/** What a fixed-duration load found: every request's duration (ms), the requests that failed, and the time it took. */
export interface LoadResult {
  durations: number[];
  failures: number;
  /** The first failure's status and the start of its body, to say what went wrong. */
  firstFailure?: string;
  seconds: number;
}

/** POSTs `body` to `url` on a kept-alive socket of `agent` and resolves its status and body bytes. */
function post(agent: Agent, url: URL, body: string): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `concurrency` clients, each on its own kept-alive connection, sending
 * `body` to `url` one request after another for `seconds`. A request fails
 * on a status other than 200 or an `"errors"` key in the answer, which is
 * not parsed, nor even decoded, otherwise: like k6's checks, so that the
 * load generator stays cheap beside the gateway it measures.
 */
export async function loadForSeconds(url: string, body: string, seconds: number, concurrency: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const durations: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const until = started + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const sent = performance.now();
          const { status, bytes } = await post(agent, target, body);
          if (status === 200 && !bytes.includes('"errors"')) durations.push(performance.now() - sent);
          else {
            failures++;
            firstFailure ??= `HTTP ${status}: ${bytes.subarray(0, 300).toString()}`;
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { durations, failures, ...(firstFailure ? { firstFailure } : {}), seconds: (performance.now() - started) / 1000 };
}
